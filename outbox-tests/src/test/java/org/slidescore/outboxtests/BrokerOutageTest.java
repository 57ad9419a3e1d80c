package org.slidescore.outboxtests;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.RestartableKafkaResource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** (a) A change committed while the broker is down is delivered, exactly once, when the broker is back. */
@QuarkusTest
@QuarkusTestResource(RestartableKafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "outbox_probe"))
class BrokerOutageTest {
    @Inject
    DataSource db;
    Probe probe;

    @BeforeEach
    void setUp() {
        probe = new Probe(db, RestartableKafkaResource.bootstrapServers());
    }

    @Test
    void eventCommittedWhileTheBrokerIsDownArrivesExactlyOnceAfterItIsBack() {
        String key = Probe.unique("outage-key");
        // the whole path works before the outage (this also makes the consumer join its group)
        String before = Probe.unique("before-outage");
        probe.create(before, key);
        probe.awaitReceived(before);

        String during = Probe.unique("during-outage");
        UUID eventId;
        RestartableKafkaResource.stopBroker();
        try {
            eventId = probe.create(during, key);
            assertEquals(1, probe.probeItems(during), "the change commits without the broker");
            // the relay tries, the broker does not acknowledge, the row stays unsent with the reason
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.outbox(eventId).attempts() >= 1);
            Probe.OutboxState state = probe.outbox(eventId);
            assertNull(state.sentAt(), "not acknowledged, so not marked sent");
            assertNotNull(state.lastError());
            assertEquals(0, probe.received(during));
        } finally {
            RestartableKafkaResource.startBroker();
        }

        probe.awaitReceived(during);
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.outbox(eventId).sentAt() != null);

        // a later event of the same key arrives after it: any duplicate of it would have been handled by then
        String after = Probe.unique("after-outage");
        probe.create(after, key);
        probe.awaitReceived(after);
        assertEquals(1, probe.received(during), "applied exactly once");
        assertEquals(1, probe.processedRows(eventId));
        assertTrue(probe.outbox(eventId).attempts() >= 2, "failed attempts plus the one that went through");
    }
}
