package org.slidescore.gateway.token;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.slidescore.common.auth.TokenRevocationListener;

import java.time.Duration;
import java.util.UUID;

/**
 * Readiness check {@code token-revocations}: after a start the gateway is ready only once the warm-up record it
 * published ({@link TokenService#publishWarmUp()}) has come back through its own consumer of
 * {@code slidescore.gateway.token-revoked.v1}. Until then a revocation would still pay the cold start of the relay's
 * producer and of the consumers (seconds on a busy machine), and the contract asks for a second. Every service polls
 * the same partition, so by then theirs have the record too, or are about to.
 *
 * <p>Never waits more than {@code slidescore.token-revocations.readiness-patience} (60 s; the same bound as common's
 * {@code token-revocations-caught-up}) after the start: a broker without the Admin rights to check the topic, or a
 * consumer switched off, must not keep the gateway out of service (Kafka being down keeps it unready anyway, through
 * the Kafka check).
 */
@Readiness
@ApplicationScoped
public class RevocationReadiness implements HealthCheck {
    private final RevocationTopic topic;
    private final TokenRevocationListener listener;
    final Duration patience;
    volatile long startedNanos = System.nanoTime();

    public RevocationReadiness(RevocationTopic topic, TokenRevocationListener listener,
                               @ConfigProperty(name = "slidescore.token-revocations.readiness-patience",
                                       defaultValue = "PT60S") Duration patience) {
        this.topic = topic;
        this.listener = listener;
        this.patience = patience;
    }

    void onStart(@Observes StartupEvent event) {
        startedNanos = System.nanoTime();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("token-revocations");
        UUID warmUp = topic.warmUpEventId();
        if (listener.hasReadWarmUp(warmUp)) {
            return b.up().withData("warm-up", "published and read back").build();
        }
        if (System.nanoTime() - startedNanos > patience.toNanos()) {
            return b.up().withData("warm-up", (warmUp == null ? "not published" : "not read back")
                    + " within " + patience.toSeconds() + " s of the start; not waiting for it").build();
        }
        return b.down().withData("warm-up", warmUp == null ? "topic being checked, warm-up record not published yet"
                : "published, not read back yet").build();
    }
}
