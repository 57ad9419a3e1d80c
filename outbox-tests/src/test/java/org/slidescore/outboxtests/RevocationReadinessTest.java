package org.slidescore.outboxtests;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.RevokedTokens;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Revocations published before a service starts are all known by the time it first reports ready
 * ({@code token-revocations-caught-up}): 5000 of them on two partitions, a third partition empty, the gateway's
 * warm-up record and a tombstone last (both skipped by the listener, both counted as read).
 */
@QuarkusTest
@TestProfile(RevocationReadinessTest.RevokedBeforeStart.class)
class RevocationReadinessTest {
    public static class RevokedBeforeStart extends OwnBrokerProfile {
        @Override
        protected List<TestResourceEntry> moreResources() {
            return List.of(new TestResourceEntry(RevocationsBeforeStart.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // well above the time the catch-up takes, so that the UP below is the caught-up one
            return Map.of("mp.messaging.incoming.token-revoked-in.topic", RevocationsBeforeStart.TOPIC,
                    "slidescore.token-revocations.readiness-patience", "PT180S");
        }
    }

    @Inject
    RevokedTokens revoked;

    static Map<String, Object> check(JsonPath body) {
        Map<String, Object> check = body.get("checks.find { it.name == 'token-revocations-caught-up' }");
        assertNotNull(check, "no token-revocations-caught-up check in " + body.prettify());
        return check;
    }

    @Test
    void readyOnlyOnceEveryRevocationPublishedBeforeTheStartIsKnown() throws InterruptedException {
        long deadline = System.nanoTime() + 150_000_000_000L;
        Response ready;
        int downAnswers = 0;
        while (true) {
            ready = given().get("/q/health/ready");
            if (ready.statusCode() == 200) {
                break;
            }
            downAnswers++;
            if (System.nanoTime() > deadline) {
                fail("never ready: " + ready.asString());
            }
            Thread.sleep(10);
        }
        // the first UP: every revocation of the topic is already refused
        List<String> unknown = IntStream.range(0, RevocationsBeforeStart.COUNT).mapToObj(RevocationsBeforeStart::tokenId)
                .filter(id -> !revoked.isRevoked(id)).toList();
        assertTrue(unknown.isEmpty(), unknown.size() + " of " + RevocationsBeforeStart.COUNT
                + " revocations unknown when readiness first answered UP (after " + downAnswers + " DOWN answers)");
        assertEquals(RevocationsBeforeStart.COUNT, revoked.size(), "the warm-up record and the tombstone revoke nothing");

        Map<String, Object> check = check(ready.jsonPath());
        assertEquals("UP", check.get("status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) check.get("data");
        assertEquals(RevocationsBeforeStart.TOPIC, data.get("topic"));
        assertEquals("read up to the end offsets of the start", data.get("state"), data.toString());
        // 2500 revocations + the warm-up record on partition 0, 2500 + the tombstone on partition 1, nothing on 2
        assertEquals("end offset at start 2501, consumed to 2501, caught up", data.get("partition-0"));
        assertEquals("end offset at start 2501, consumed to 2501, caught up", data.get("partition-1"));
        assertEquals("end offset at start 0, consumed to nothing yet (empty at start), caught up", data.get("partition-2"));
    }
}
