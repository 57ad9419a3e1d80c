package org.slidescore.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code slidescore.outbox.*}: how the relay polls, retries and cleans up. Every key has a default. */
@ConfigMapping(prefix = "slidescore.outbox")
public interface OutboxConfig {

    /** Relay tuning. */
    Relay relay();

    /**
     * Largest envelope JSON {@link Outbox#publish} accepts, in bytes, uncompressed. The relay's producer accepts records
     * up to this size plus {@link OutboxRelayLifecycle#RECORD_OVERHEAD_BYTES} ({@code max.request.size}, which Kafka
     * checks against the uncompressed record); the broker's limit ({@code message.max.bytes}, per topic
     * {@code max.message.bytes}, about 1 MB by default) applies to the compressed batch. The default suits topics with
     * the broker's default limit even without compression; study-service raises it for its study snapshots.
     */
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

        /**
         * Most payload bytes read per round: rows are taken in id order while their sizes add up to at most this, and
         * always at least one row, so that a run of large events (study snapshots) never loads more than this into
         * memory at once.
         */
        @WithDefault("16777216")
        int batchMaxBytes();

        /**
         * Compression of the relay's Kafka producer: {@code zstd} (default), {@code lz4}, {@code gzip},
         * {@code snappy} or {@code none}. Consumers decompress transparently; the broker's size limit applies to the
         * compressed batch, so large but repetitive JSON (study snapshots) fits the topic's limit.
         */
        @WithDefault("zstd")
        String compression();

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
