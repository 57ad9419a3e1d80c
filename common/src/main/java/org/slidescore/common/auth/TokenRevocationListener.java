package org.slidescore.common.auth;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.TokenRevoked;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns revoked token ids from {@code slidescore.gateway.token-revoked.v1} (channel {@code token-revoked-in}).
 * Every instance reads the whole compacted topic from the beginning under a group id of its own
 * ({@code slidescore-revocations-${quarkus.uuid}}), so each one knows every revocation; configured in
 * {@code META-INF/microprofile-config.properties} of common.
 *
 * <p>A revocation must reach every service within a second, the first one after a start included. So the record is
 * handled where the connector polled it ({@link NonBlocking}: a map update, no hop to a worker thread), and at start
 * the parsing is run once on a made-up record: on a cold JVM (and on a busy machine) the first JSON read of an
 * envelope and the first dispatch to a worker thread each took several hundred milliseconds.
 *
 * <p>The offset of every record handled goes to {@link RevocationCatchUp}: the instance is not ready
 * ({@link TokenRevocationReadiness}) before it has read the topic up to where it ended at the start.
 */
@ApplicationScoped
public class TokenRevocationListener {
    /**
     * Token id (and key) of the record the gateway publishes at every start to warm up the whole way a revocation
     * travels; real token ids are UUIDs. Skipped here.
     */
    public static final String WARM_UP_ID = "warm-up";

    private final RevokedTokens revoked;
    private final RevocationCatchUp catchUp;
    /** Event ids of the warm-up records this instance has read (one per gateway start at most). */
    private final Set<UUID> warmUpsRead = ConcurrentHashMap.newKeySet();

    @Inject
    public TokenRevocationListener(RevokedTokens revoked, RevocationCatchUp catchUp) {
        this.revoked = revoked;
        this.catchUp = catchUp;
    }

    public TokenRevocationListener(RevokedTokens revoked) {
        this(revoked, new RevocationCatchUp());
    }

    /**
     * Every record of the topic: handled, then its offset is counted as consumed (warm-up records, tombstones and
     * unreadable records too), which {@link TokenRevocationReadiness} compares with the end offsets of the start.
     */
    @Incoming("token-revoked-in")
    @NonBlocking
    public void onRecord(String json, IncomingKafkaRecordMetadata<String, String> metadata) {
        onRevoked(json);
        catchUp.consumed(metadata.getPartition(), metadata.getOffset());
    }

    /** Applies one record's value (null = a tombstone, skipped). */
    public void onRevoked(String json) {
        if (json == null) {
            return; // a tombstone of the compacted topic
        }
        try {
            EventEnvelope envelope = EventEnvelope.fromJson(json);
            TokenRevoked event = envelope.dataAs(TokenRevoked.class);
            if (WARM_UP_ID.equals(event.tokenId())) {
                warmUpsRead.add(envelope.eventId());
                Log.debugf("warm-up record %s of a gateway start read", envelope.eventId());
                return;
            }
            revoked.revoke(event.tokenId(), event.expiresAt());
            Log.debugf("token %s revoked (%s)", event.tokenId(), event.reason());
        } catch (RuntimeException e) {
            Log.warnf("ignored an unreadable token-revoked record: %s", e.getMessage());
        }
    }

    static TokenRevoked read(String json) {
        return EventEnvelope.fromJson(json).dataAs(TokenRevoked.class);
    }

    /** Whether the warm-up record with this event id has come through this instance's consumer. */
    public boolean hasReadWarmUp(UUID eventId) {
        return eventId != null && warmUpsRead.contains(eventId);
    }

    /** Reads a made-up record once (nothing is revoked), so that the first real one finds the code warm. */
    void warmUp(@Observes StartupEvent event) {
        try {
            String sample = EventEnvelope.of("warm-up", Map.of("tokenId", "warm-up"),
                    new TokenRevoked("warm-up", Instant.EPOCH, Instant.EPOCH, "warm-up")).toJson();
            revoked.isRevoked(read(sample).tokenId());
        } catch (RuntimeException e) {
            Log.debugf(e, "token-revoked reader not warmed up");
        }
    }

    @Scheduled(every = "1h", delayed = "10m")
    void forgetExpired() {
        revoked.forgetExpired(Instant.now());
    }
}
