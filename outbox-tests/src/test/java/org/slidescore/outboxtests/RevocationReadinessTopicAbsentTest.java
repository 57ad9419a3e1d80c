package org.slidescore.outboxtests;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A revocation topic that does not exist (and is not auto-created) has nothing to wait for: ready. */
@QuarkusTest
@TestProfile(RevocationReadinessTopicAbsentTest.AbsentTopic.class)
class RevocationReadinessTopicAbsentTest {
    static final String TOPIC = "slidescore.test.token-revoked-absent.v1";

    public static class AbsentTopic extends OwnBrokerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.token-revoked-in.topic", TOPIC,
                    "mp.messaging.incoming.token-revoked-in.allow.auto.create.topics", "false",
                    "slidescore.token-revocations.readiness-patience", "PT180S");
        }
    }

    @Test
    void anAbsentTopicCountsAsRead() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertEquals(200, given().get("/q/health/ready").statusCode()));
        Map<String, Object> check = RevocationReadinessTest.check(given().get("/q/health/ready").jsonPath());
        assertEquals("UP", check.get("status"));
        assertEquals(Map.of("topic", TOPIC, "state", "topic absent at start, nothing to read"), check.get("data"));
    }
}
