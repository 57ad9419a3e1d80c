package org.slidescore.gateway.token;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.RevokedTokens;
import org.slidescore.common.auth.TokenRevocationListener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readiness check's waiting is bounded: without its warm-up record the gateway is ready after the patience. */
class RevocationReadinessTest {
    @Test
    void downWhileTheWarmUpIsMissingThenUpAfterThePatience() {
        RevocationTopic topic = new RevocationTopic("127.0.0.1:1", 1, null);
        RevocationReadiness check = new RevocationReadiness(topic,
                new TokenRevocationListener(new RevokedTokens()), java.time.Duration.ofSeconds(60));

        HealthCheckResponse waiting = check.call();
        assertEquals("token-revocations", waiting.getName());
        assertEquals(HealthCheckResponse.Status.DOWN, waiting.getStatus());
        assertTrue(waiting.getData().orElseThrow().get("warm-up").toString().contains("not published yet"));

        check.startedNanos = System.nanoTime() - check.patience.toNanos() - 1;
        HealthCheckResponse gaveUp = check.call();
        assertEquals(HealthCheckResponse.Status.UP, gaveUp.getStatus());
        assertTrue(gaveUp.getData().orElseThrow().get("warm-up").toString().contains("not waiting for it"));
    }
}
