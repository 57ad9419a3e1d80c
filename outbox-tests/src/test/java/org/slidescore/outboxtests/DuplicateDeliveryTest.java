package org.slidescore.outboxtests;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.RestartableKafkaResource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** (b) The same event delivered twice is applied once. */
@QuarkusTest
@QuarkusTestResource(RestartableKafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "outbox_probe"))
class DuplicateDeliveryTest {
    @Inject
    DataSource db;
    Probe probe;

    @BeforeEach
    void setUp() {
        probe = new Probe(db, RestartableKafkaResource.bootstrapServers());
    }

    @Test
    void theSameEnvelopeProducedTwiceIsAppliedOnce() {
        String key = Probe.unique("dup-key");
        String name = Probe.unique("duplicate");
        EventEnvelope envelope = EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated(name));
        String marker = Probe.unique("after-duplicate");
        probe.produce(Probe.TOPIC, key, envelope.toJson(), envelope.toJson(),
                EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated(marker)).toJson());

        probe.awaitReceived(marker);
        assertEquals(1, probe.received(name));
        assertEquals(1, probe.processedRows(envelope.eventId()));
    }

    @Test
    void theRelaySendingARowAgainAfterACrashIsAppliedOnce() {
        String key = Probe.unique("resend-key");
        String name = Probe.unique("resent");
        UUID eventId = probe.create(name, key);
        probe.awaitReceived(name);
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.outbox(eventId).sentAt() != null);

        // what a relay crash between the broker's ack and its commit leaves behind: an acknowledged row still unsent
        assertEquals(1, probe.update("UPDATE outbox_event SET sent_at = NULL WHERE event_id = ?", eventId));
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.outbox(eventId).sentAt() != null);
        assertEquals(2, probe.outbox(eventId).attempts(), "the relay did send it a second time");

        String marker = Probe.unique("after-resend");
        probe.create(marker, key);
        probe.awaitReceived(marker);
        assertEquals(1, probe.received(name));
        assertEquals(1, probe.processedRows(eventId));
    }
}
