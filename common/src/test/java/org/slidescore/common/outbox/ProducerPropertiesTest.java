package org.slidescore.common.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The relay's producer: shared kafka.* settings pass through, its guarantees cannot be configured away. */
class ProducerPropertiesTest {

    @Test
    void guaranteesWinOverSharedSettingsAndConsumerKeysAreDropped() {
        Map<String, Object> shared = Map.of("bootstrap.servers", "h:9092", "security.protocol", "SSL",
                "acks", "1", "enable.idempotence", "false", "group.id", "svc", "auto.offset.reset", "earliest",
                "transactional.id", "x");
        Map<String, Object> p = OutboxRelayLifecycle.producerProperties(shared, "svc-outbox", Duration.ofSeconds(30));
        assertEquals("h:9092", p.get("bootstrap.servers"));
        assertEquals("SSL", p.get("security.protocol"));
        assertEquals("all", p.get("acks"));
        assertEquals(true, p.get("enable.idempotence"));
        assertEquals(5, p.get("max.in.flight.requests.per.connection"));
        assertEquals("svc-outbox", p.get("client.id"));
        assertFalse(p.containsKey("group.id"));
        assertFalse(p.containsKey("auto.offset.reset"));
        assertFalse(p.containsKey("transactional.id"));
    }

    @Test
    void timeoutsFollowTheDeliveryTimeoutAndStayConsistent() {
        Map<String, Object> p = OutboxRelayLifecycle.producerProperties(Map.of(), "c", Duration.ofSeconds(4));
        assertEquals(4000, p.get("delivery.timeout.ms"));
        assertEquals(2000, p.get("request.timeout.ms"));
        assertEquals(4000L, p.get("max.block.ms"));
        // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms
        Map<String, Object> tiny = OutboxRelayLifecycle.producerProperties(Map.of(), "c", Duration.ofMillis(10));
        assertEquals(2000, tiny.get("delivery.timeout.ms"));
        assertEquals(1000, tiny.get("request.timeout.ms"));
    }
}
