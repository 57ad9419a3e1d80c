package org.slidescore.common.outbox;

import java.time.Duration;

/**
 * What the relay reports for operators. In a service it is {@link MicrometerOutboxMetrics} (Prometheus at
 * {@code /q/metrics}); {@link #NONE} reports nothing. Called on the relay thread only.
 */
public interface OutboxMetrics {
    /** Reports nothing and never asks for the backlog. */
    OutboxMetrics NONE = new OutboxMetrics() {
    };

    /** The broker acknowledged {@code count} records of {@code topic}. */
    default void sent(String topic, int count) {
    }

    /** A round failed on a record of {@code topic} that will be retried (broker down, timeout). */
    default void sendFailed(String topic) {
    }

    /** A record of {@code topic} was refused for good and parked ({@code failed_at}). */
    default void parked(String topic) {
    }

    /** The backlog of this database: unsent (not parked) rows and the age of the oldest one (0 when none). */
    default void backlog(long pending, Duration oldestPendingAge) {
    }

    /** How often the relay measures the backlog (one indexed query on its own connection); null = never. */
    default Duration backlogInterval() {
        return null;
    }
}
