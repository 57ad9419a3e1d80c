package org.slidescore.outboxtests;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.EventJson;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.RestartableKafkaResource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** (c) Messages that cannot be processed end in {@code <topic>.dlq}; the consumer goes on with the next one. */
@QuarkusTest
@QuarkusTestResource(RestartableKafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "outbox_probe"))
class DeadLetterTest {
    @Inject
    DataSource db;
    @Inject
    ProbeConsumer consumer;
    Probe probe;

    @BeforeEach
    void setUp() {
        probe = new Probe(db, RestartableKafkaResource.bootstrapServers());
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextMessageIsProcessed() {
        String key = Probe.unique("poison-key");
        String poison = "this is not an event envelope " + UUID.randomUUID() + " {";
        String next = Probe.unique("after-poison");
        probe.produce(Probe.TOPIC, key, poison,
                EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated(next)).toJson());

        probe.awaitReceived(next);
        List<ConsumerRecord<String, String>> dlq = probe.readUntil(Probe.DLQ, r -> poison.equals(r.value()));
        ConsumerRecord<String, String> dead = dlq.stream().filter(r -> poison.equals(r.value())).findFirst().orElseThrow();
        assertEquals(key, dead.key());
        assertNotNull(dead.headers().lastHeader("dead-letter-reason"));
        String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertTrue(reason.contains("unreadable event"), reason);
    }

    @Test
    void anEnvelopeWhoseDataDoesNotFitItsTypeIsDeadLetteredWithoutRetries() {
        String key = Probe.unique("misfit-key");
        EventEnvelope misfit = new EventEnvelope(UUID.randomUUID(), "ProbeCreated", 1, Instant.now(), "outbox-tests",
                Map.of(), EventJson.mapper().createArrayNode().add(1).add(2));
        String next = Probe.unique("after-misfit");
        probe.produce(Probe.TOPIC, key, misfit.toJson(),
                EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated(next)).toJson());

        probe.awaitReceived(next);
        assertEquals(1, consumer.attempts(misfit.eventId()), "unreadable data is not retried");
        assertEquals(0, probe.processedRows(misfit.eventId()));
        probe.readUntil(Probe.DLQ, r -> r.value() != null && r.value().contains(misfit.eventId().toString()));
    }

    @Test
    void anEffectThatKeepsFailingIsRetriedABoundedNumberOfTimesThenDeadLettered() {
        String key = Probe.unique("failing-key");
        String failing = Probe.unique("always-fails");
        UUID eventId = probe.create(failing, key);
        String next = Probe.unique("after-failing");
        probe.create(next, key);

        probe.awaitReceived(next);
        assertEquals(3, consumer.attempts(failing), "first attempt plus slidescore.messaging.retries=2");
        assertEquals(0, probe.received(failing));
        assertEquals(0, probe.processedRows(eventId), "a failed event is not recorded as processed");
        probe.readUntil(Probe.DLQ, r -> r.value() != null && r.value().contains(eventId.toString()));
    }

    @Test
    void anEffectThatFailsTwiceIsRetriedAndItsPartialWritesAreRolledBack() {
        String name = Probe.unique("fails-twice");
        UUID eventId = probe.create(name, Probe.unique("flaky-key"));

        probe.awaitReceived(name);
        assertEquals(3, consumer.attempts(name));
        assertEquals(1, probe.received(name), "the rows written by the two failed attempts were rolled back");
        assertEquals(1, probe.processedRows(eventId));
    }
}
