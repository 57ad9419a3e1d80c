package org.slidescore.common.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void limitsLetThroughEveryPayloadTheOutboxAcceptsAndTheRelayCompresses() {
        Map<String, Object> shared = Map.of("compression.type", "none", "max.request.size", 1000);
        Map<String, Object> big = OutboxRelayLifecycle.producerProperties(shared, "c", Duration.ofSeconds(30), "ZSTD",
                64 * 1024 * 1024);
        assertEquals("zstd", big.get("compression.type"));
        int maxRequest = (Integer) big.get("max.request.size");
        assertEquals(64 * 1024 * 1024 + OutboxRelayLifecycle.RECORD_OVERHEAD_BYTES, maxRequest);
        assertTrue((Long) big.get("buffer.memory") >= maxRequest, "one record of max.request.size fits the buffer");
        // the default payload limit keeps Kafka's default request size
        Map<String, Object> small = OutboxRelayLifecycle.producerProperties(Map.of(), "c", Duration.ofSeconds(30),
                "lz4", 900_000);
        assertEquals("lz4", small.get("compression.type"));
        assertEquals(1024 * 1024, small.get("max.request.size"));
        assertEquals(32L * 1024 * 1024, small.get("buffer.memory"));
    }

    @Test
    void anUnknownCompressionIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutboxRelayLifecycle.compressionType("brotli"));
        assertTrue(e.getMessage().contains("none, gzip, snappy, lz4, zstd"), e.getMessage());
        assertEquals("none", OutboxRelayLifecycle.compressionType(" None "));
    }
}
