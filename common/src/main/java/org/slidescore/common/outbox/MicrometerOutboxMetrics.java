package org.slidescore.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code slidescore.outbox.pending} ({@code slidescore_outbox_pending}) — rows committed and not yet
 *   acknowledged by Kafka (parked rows not included);</li>
 *   <li>{@code slidescore.outbox.lag} ({@code slidescore_outbox_lag_seconds}) — age of the oldest such row: how far
 *   events trail their commits; 0 when nothing waits;</li>
 *   <li>{@code slidescore.outbox.sent} ({@code slidescore_outbox_sent_total}, tag {@code topic}) — records the broker
 *   acknowledged;</li>
 *   <li>{@code slidescore.outbox.send.failures} ({@code slidescore_outbox_send_failures_total}, tag {@code topic}) —
 *   rounds that failed and will be retried;</li>
 *   <li>{@code slidescore.outbox.parked} ({@code slidescore_outbox_parked_total}, tag {@code topic}) — records refused
 *   for good and parked for an operator.</li>
 * </ul>
 * The backlog is the database's, so every replica of a service reports the same value (use {@code max}); the
 * counters are per process (use {@code sum}).
 */
public final class MicrometerOutboxMetrics implements OutboxMetrics {
    private final MeterRegistry registry;
    private final Duration backlogInterval;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();

    public MicrometerOutboxMetrics(MeterRegistry registry, Duration backlogInterval) {
        this.registry = registry;
        this.backlogInterval = backlogInterval;
        Gauge.builder("slidescore.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows committed but not yet acknowledged by Kafka (parked rows not included)")
                .register(registry);
        Gauge.builder("slidescore.outbox.lag", lagMillis, v -> v.get() / 1000.0)
                .baseUnit("seconds")
                .description("Age of the oldest unsent outbox row; 0 when nothing waits")
                .register(registry);
    }

    @Override
    public void sent(String topic, int count) {
        counter("slidescore.outbox.sent", "Outbox records acknowledged by Kafka", topic).increment(count);
    }

    @Override
    public void sendFailed(String topic) {
        counter("slidescore.outbox.send.failures", "Outbox rounds that failed and will be retried", topic).increment();
    }

    @Override
    public void parked(String topic) {
        counter("slidescore.outbox.parked", "Outbox records refused for good and parked", topic).increment();
    }

    @Override
    public void backlog(long pendingRows, Duration oldestPendingAge) {
        pending.set(pendingRows);
        lagMillis.set(Math.max(0, oldestPendingAge.toMillis()));
    }

    @Override
    public Duration backlogInterval() {
        return backlogInterval;
    }

    private Counter counter(String name, String description, String topic) {
        return Counter.builder(name).description(description).tag("topic", topic == null ? "" : topic)
                .register(registry);
    }
}
