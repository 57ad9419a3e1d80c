package org.slidescore.outboxtests;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.testsupport.RestartableKafkaResource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away (every connection closed, the port refused, as in a PostgreSQL restart) and comes back:
 * readiness is DOWN meanwhile and UP again afterwards for good (the relay, back on its JDBC connection, leaves the
 * two-connection pool room for the readiness check), an event consumed while the database is away is applied once it
 * is back instead of going to the dead-letter topic, and events written afterwards flow again.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ThroughAProxy.class)
class DatabaseOutageTest {
    public static class ThroughAProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RestartableKafkaResource.class),
                    new TestResourceEntry(ProxiedPostgresResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // the outage below lasts about five seconds; a consumer waits for its database up to this long
            return Map.of("slidescore.messaging.database-patience", "PT45S");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void readinessFollowsTheDatabaseAndAnEventConsumedMeanwhileIsAppliedWhenItIsBack() throws Exception {
        Probe probe = new Probe(ProxiedPostgresResource.direct(), RestartableKafkaResource.bootstrapServers());
        String before = Probe.unique("before-outage");
        probe.create(before, null);
        probe.awaitReceived(before);
        assertEquals(200, ready().statusCode());

        ProxiedPostgresResource.proxy().cut();
        await().atMost(WAIT).untilAsserted(() -> {
            Response ready = ready();
            assertEquals(503, ready.statusCode(), ready.asString());
            assertTrue(ready.asString().contains("Database connections health check"), ready.asString());
        });
        assertEquals(200, given().when().get("/q/health/live").statusCode());

        // an event arrives while the consumer cannot reach its database; it waits longer than the retries of an
        // ordinary failure (slidescore.messaging.retries=2 with backoffs of at most 0.2 s here) would take
        String during = Probe.unique("during-outage");
        EventEnvelope event = EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated(during));
        probe.produce(Probe.TOPIC, "outage-key", event.toJson());
        Thread.sleep(5000);

        ProxiedPostgresResource.proxy().restore();
        await().atMost(WAIT).untilAsserted(() -> assertEquals(200, ready().statusCode()));
        probe.awaitReceived(during);
        assertEquals(1, probe.received(during), "applied once");
        assertEquals(1, probe.processedRows(event.eventId()), "recorded as processed once");

        // the relay sends again (it reconnects after its backoff), and readiness stays UP with it holding a connection
        String after = Probe.unique("after-outage");
        probe.create(after, null);
        probe.awaitReceived(after);
        for (int i = 0; i < 3; i++) {
            Response ready = ready();
            assertEquals(200, ready.statusCode(), ready.asString());
        }
    }

    private static Response ready() {
        return given().when().get("/q/health/ready");
    }
}
