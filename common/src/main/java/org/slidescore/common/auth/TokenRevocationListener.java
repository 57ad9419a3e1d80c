package org.slidescore.common.auth;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.TokenRevoked;

import java.time.Instant;

/**
 * Learns revoked token ids from {@code slidescore.gateway.token-revoked.v1} (channel {@code token-revoked-in}).
 * Every instance reads the whole compacted topic from the beginning under a group id of its own
 * ({@code slidescore-revocations-${quarkus.uuid}}), so each one knows every revocation; configured in
 * {@code META-INF/microprofile-config.properties} of common.
 */
@ApplicationScoped
public class TokenRevocationListener {
    private final RevokedTokens revoked;

    public TokenRevocationListener(RevokedTokens revoked) {
        this.revoked = revoked;
    }

    @Incoming("token-revoked-in")
    public void onRevoked(String json) {
        if (json == null) {
            return; // a tombstone of the compacted topic
        }
        try {
            EventEnvelope envelope = EventEnvelope.fromJson(json);
            TokenRevoked event = envelope.dataAs(TokenRevoked.class);
            revoked.revoke(event.tokenId(), event.expiresAt());
            Log.debugf("token %s revoked (%s)", event.tokenId(), event.reason());
        } catch (RuntimeException e) {
            Log.warnf("ignored an unreadable token-revoked record: %s", e.getMessage());
        }
    }

    @Scheduled(every = "1h", delayed = "10m")
    void forgetExpired() {
        revoked.forgetExpired(Instant.now());
    }
}
