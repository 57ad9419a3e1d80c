package org.slidescore.tile.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Timer {@code slidescore.tile.request} with tags {@code endpoint} ({@code dzi}, {@code tile}, {@code raw},
 * {@code screenshot}, {@code download}) and {@code path} ({@code fast}: stored bytes passed through, {@code slow}:
 * decoded and re-encoded).
 */
@ApplicationScoped
public class TileMetrics {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public TileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String endpoint, boolean fast, long startNanos) {
        String path = fast ? "fast" : "slow";
        timers.computeIfAbsent(endpoint + "/" + path, k -> Timer.builder("slidescore.tile.request")
                        .description("pixel requests by endpoint and path").tag("endpoint", endpoint).tag("path", path)
                        .register(registry))
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
