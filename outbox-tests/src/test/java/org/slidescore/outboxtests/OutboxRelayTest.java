package org.slidescore.outboxtests;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.common.outbox.Backoff;
import org.slidescore.common.outbox.OutboxRelay;
import org.slidescore.common.outbox.OutboxRelayLifecycle;
import org.slidescore.events.EventEnvelope;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.RestartableKafkaResource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox and its relay: transactional, ordered per key with several replicas, never stuck behind one bad row. */
@QuarkusTest
@QuarkusTestResource(RestartableKafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "outbox_probe"))
class OutboxRelayTest {
    @Inject
    DataSource db;
    @Inject
    OutboxRelayLifecycle relays;
    Probe probe;

    @BeforeEach
    void setUp() {
        probe = new Probe(db, RestartableKafkaResource.bootstrapServers());
    }

    @Test
    void eventsOfOneKeyLeaveInCommitOrderOnceEachWhileTwoRelaysRun() {
        OutboxRelay replica = relays.newRelay("second-replica-relay", new OutboxRelay.Settings(Duration.ofMillis(50),
                3, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)), Duration.ofSeconds(10),
                Duration.ofHours(1), Duration.ofMinutes(10)));
        replica.start();
        String key = Probe.unique("ordered-key");
        List<UUID> published = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) {
                String name = Probe.unique("ordered-" + i);
                names.add(name);
                published.add(probe.create(name, key));
            }
            List<ConsumerRecord<String, String>> read = probe.readUntil(Probe.TOPIC,
                    r -> r.value() != null && r.value().contains(published.get(published.size() - 1).toString()));
            List<UUID> arrived = read.stream().filter(r -> key.equals(r.key()))
                    .map(r -> EventEnvelope.fromJson(r.value()).eventId()).toList();
            assertEquals(published, arrived, "every event once, in commit order");
        } finally {
            replica.stop(Duration.ofSeconds(10));
        }
        probe.awaitReceived(names.get(names.size() - 1));
        for (String name : names) {
            assertEquals(1, probe.received(name));
        }
    }

    @Test
    void anEventWithoutAKeyIsDeliveredToo() {
        String name = Probe.unique("keyless");
        UUID eventId = probe.create(name, null);
        probe.awaitReceived(name);
        List<ConsumerRecord<String, String>> read = probe.readUntil(Probe.TOPIC,
                r -> r.value() != null && r.value().contains(eventId.toString()));
        assertNull(read.stream().filter(r -> r.value().contains(eventId.toString())).findFirst().orElseThrow().key());
    }

    @Test
    void theRelayReconnectsWhenItsDatabaseConnectionIsKilled() {
        String key = Probe.unique("reconnect-key");
        String before = Probe.unique("before-kill");
        probe.create(before, key);
        probe.awaitReceived(before);

        int killed = probe.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE application_name = 'outbox-tests-outbox-relay' AND pid <> pg_backend_pid()");
        assertEquals(1, killed, "the relay holds exactly one connection");

        String after = Probe.unique("after-kill");
        UUID eventId = probe.create(after, key);
        probe.awaitReceived(after);
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.outbox(eventId).sentAt() != null);
        assertEquals(1, probe.received(after));
    }

    @Test
    void anEventOfARolledBackTransactionNeverLeaves() {
        String key = Probe.unique("rollback-key");
        String name = Probe.unique("rolled-back");
        given().queryParam("name", name).queryParam("key", key).when().post("/probe/items/rolled-back")
                .then().statusCode(409).body(containsString("rolled back on purpose"));
        String marker = Probe.unique("after-rollback");
        probe.create(marker, key);
        probe.awaitReceived(marker);
        assertEquals(0, probe.probeItems(name));
        assertEquals(0, probe.outboxRows(name));
        assertEquals(0, probe.received(name));
    }

    @Test
    void publishingOutsideATransactionOrToAnInvalidTopicIsRefused() {
        String name = Probe.unique("no-transaction");
        given().queryParam("name", name).when().post("/probe/outside-transaction")
                .then().statusCode(409).body(containsString("must run inside a transaction"));
        given().queryParam("name", name).when().post("/probe/bad-topic")
                .then().statusCode(409).body(containsString("not a Kafka topic name"));
        assertEquals(0, probe.outboxRows(name));
    }

    @Test
    void aRowTheBrokerRefusesForGoodIsParkedAndLaterEventsStillLeave() {
        String key = Probe.unique("parked-key");
        UUID tooLarge = UUID.randomUUID();
        // bigger than the producer's max.request.size (1 MiB): Kafka refuses it whatever we do
        String payload = "{\"eventId\":\"" + tooLarge + "\",\"pad\":\"" + "x".repeat(1_200_000) + "\"}";
        probe.update("INSERT INTO outbox_event (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?)",
                tooLarge, Probe.TOPIC, key, payload);
        String next = Probe.unique("after-parked");
        probe.create(next, key);

        probe.awaitReceived(next);
        Probe.OutboxState parked = probe.outbox(tooLarge);
        assertNotNull(parked.failedAt());
        assertNull(parked.sentAt());
        assertTrue(parked.lastError().contains("RecordTooLargeException"), parked.lastError());
    }

    @Test
    void sentRowsOlderThanTheRetentionAreDeletedUnsentAndParkedRowsAreKept() {
        UUID oldSent = UUID.randomUUID();
        UUID oldParked = UUID.randomUUID();
        String insert = "INSERT INTO outbox_event (event_id, topic, event_key, payload, created_at, sent_at, failed_at) "
                + "VALUES (?, 'slidescore.test.retention.v1', 'k', '{}', now() - interval '2 hours', %s, %s)";
        probe.update(insert.formatted("now() - interval '1 hour'", "NULL"), oldSent);
        probe.update(insert.formatted("NULL", "now() - interval '1 hour'"), oldParked);
        String recent = Probe.unique("recent");
        UUID recentId = probe.create(recent, Probe.unique("retention-key"));
        probe.awaitReceived(recent);

        // slidescore.outbox.relay.retention=PT10M, cleanup every 0.5 s in this application
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.outbox(oldSent) == null);
        assertNotNull(probe.outbox(oldParked), "parked rows wait for an operator");
        assertNotNull(probe.outbox(recentId).sentAt(), "recently sent rows are kept");
    }
}
