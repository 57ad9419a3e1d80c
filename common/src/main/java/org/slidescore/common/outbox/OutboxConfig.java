package org.slidescore.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code slidescore.outbox.*}: how the relay polls, retries and cleans up. Every key has a default. */
@ConfigMapping(prefix = "slidescore.outbox")
public interface OutboxConfig {

    /** Relay tuning. */
    Relay relay();

    /** Largest envelope JSON {@link Outbox#publish} accepts, in bytes (Kafka refuses records above ~1 MB). */
    @WithDefault("900000")
    int maxPayloadBytes();

    interface Relay {
        /** Whether this service runs a relay at all (several replicas may all run one; one sends at a time). */
        @WithDefault("true")
        boolean enabled();

        /** Longest wait for new rows when no commit woke the relay. */
        @WithDefault("PT0.5S")
        Duration pollInterval();

        /** Rows sent per round (one database transaction). */
        @WithDefault("100")
        int batchSize();

        /** First pause after a failed round (broker or database unavailable); doubles up to {@link #maxBackoff()}. */
        @WithDefault("PT0.5S")
        Duration initialBackoff();

        @WithDefault("PT30S")
        Duration maxBackoff();

        /** How long the producer keeps trying one record before the round counts as failed. */
        @WithDefault("PT30S")
        Duration deliveryTimeout();

        /** How long sent rows are kept (for inspection) before they are deleted. */
        @WithDefault("PT24H")
        Duration retention();

        /** How often sent rows older than {@link #retention()} are deleted. */
        @WithDefault("PT1M")
        Duration cleanupInterval();

        /** How often the relay measures the backlog for the {@code slidescore.outbox.pending}/{@code lag} meters. */
        @WithDefault("PT5S")
        Duration metricsInterval();
    }
}
