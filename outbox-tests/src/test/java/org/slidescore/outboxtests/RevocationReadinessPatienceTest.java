package org.slidescore.outboxtests;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The revocation channel's broker cannot be reached: the check stays DOWN while it keeps trying to look up the end
 * offsets, and reports UP once {@code slidescore.token-revocations.readiness-patience} (here 8 s) has passed.
 */
@QuarkusTest
@TestProfile(RevocationReadinessPatienceTest.UnreachableBroker.class)
class RevocationReadinessPatienceTest {
    public static class UnreachableBroker extends OwnBrokerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // only the revocation channel points at a closed port; its Kafka health check is off so that the
            // overall readiness shows this check alone
            return Map.of("mp.messaging.incoming.token-revoked-in.bootstrap.servers", "127.0.0.1:1",
                    "mp.messaging.incoming.token-revoked-in.health-enabled", "false",
                    "slidescore.token-revocations.readiness-patience", "PT8S");
        }
    }

    @Test
    void anUnreachableBrokerKeepsTheCheckDownForTheConfiguredTimeOnly() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        List<String> downStates = new ArrayList<>();
        Map<String, Object> check;
        while (true) {
            check = RevocationReadinessTest.check(given().get("/q/health/ready").jsonPath());
            if ("UP".equals(check.get("status"))) {
                break;
            }
            downStates.add(String.valueOf(((Map<?, ?>) check.get("data")).get("state")));
            if (System.nanoTime() > deadline) {
                fail("never UP: " + check);
            }
            Thread.sleep(200);
        }
        for (String state : downStates) {
            assertTrue(state.startsWith("looking up the end offsets"), state);
        }
        Map<?, ?> data = (Map<?, ?>) check.get("data");
        assertTrue(String.valueOf(data.get("state")).startsWith("not caught up within PT8S of the start, not waiting any "
                + "longer: looking up the end offsets"), data.toString());
        assertEquals(200, given().get("/q/health/ready").statusCode());
    }
}
