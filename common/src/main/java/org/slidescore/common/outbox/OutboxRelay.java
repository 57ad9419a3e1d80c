package org.slidescore.common.outbox;

import io.quarkus.logging.Log;
import org.apache.kafka.clients.producer.Producer;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Moves committed {@code outbox_event} rows to Kafka, in id order, on its own thread.
 *
 * <p>One round is one transaction: take the database-wide relay lock ({@code pg_try_advisory_xact_lock}, so that of
 * several replicas only one sends at a time and rows leave in id order), read up to {@code batchSize} unsent rows
 * (and at most {@code batchMaxBytes} of payload, but always one row), send them and wait for the broker's
 * acknowledgement ({@code acks=all}, idempotent producer), mark the acknowledged
 * ones sent, commit. When the broker (or the database) is unavailable the round fails, nothing acknowledged is lost
 * and the relay pauses with exponential backoff before it tries the same rows again. A crash between the
 * acknowledgement and the commit sends those rows again: delivery is at least once, consumers deduplicate on
 * {@code eventId} ({@link org.slidescore.common.messaging.IdempotentConsumer}).
 *
 * <p>Between rounds it waits on {@code LISTEN slidescore_outbox}: the insert trigger notifies on commit, so an event
 * usually leaves right after its transaction commits; {@code pollInterval} bounds the wait otherwise.
 */
public final class OutboxRelay {
    private static final int CLEANUP_BATCH = 1000;

    /** The relay's tuning; see {@link OutboxConfig.Relay}. */
    public record Settings(Duration pollInterval, int batchSize, Backoff backoff, Duration deliveryTimeout,
                           Duration retention, Duration cleanupInterval, int batchMaxBytes) {
        /** The default of {@code slidescore.outbox.relay.batch-max-bytes}. */
        public static final int DEFAULT_BATCH_MAX_BYTES = 16 * 1024 * 1024;

        public Settings {
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(cleanupInterval, "cleanupInterval");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
            }
            if (batchMaxBytes < 1) {
                throw new IllegalArgumentException("batch max bytes must be at least 1: " + batchMaxBytes);
            }
        }

        /** With the default byte bound per round. */
        public Settings(Duration pollInterval, int batchSize, Backoff backoff, Duration deliveryTimeout,
                        Duration retention, Duration cleanupInterval) {
            this(pollInterval, batchSize, backoff, deliveryTimeout, retention, cleanupInterval, DEFAULT_BATCH_MAX_BYTES);
        }

        static Settings of(OutboxConfig.Relay c) {
            return new Settings(c.pollInterval(), c.batchSize(), new Backoff(c.initialBackoff(), c.maxBackoff()),
                    c.deliveryTimeout(), c.retention(), c.cleanupInterval(), c.batchMaxBytes());
        }
    }

    /** What one round did. */
    enum Round {
        /** Nothing to send. */
        IDLE,
        /** Another replica's relay holds the lock. */
        NOT_LEADER,
        /** Everything read was sent; there may be no more. */
        SENT,
        /** A full batch was sent, or a row was parked: more rows are probably waiting. */
        MORE,
        /** The broker did not acknowledge everything; back off and retry. */
        FAILED
    }

    private final DataSource dataSource;
    private final RecordSender sender;
    private final Settings settings;
    private final String name;
    private final OutboxMetrics metrics;
    private final Object pauseSignal = new Object();
    private volatile boolean running;
    private Thread thread;
    private OutboxStore store;
    private int consecutiveFailures;
    private long nextCleanupNanos = System.nanoTime();
    private long nextBacklogNanos = System.nanoTime();

    public OutboxRelay(String name, DataSource dataSource, Supplier<Producer<String, String>> producers,
                       Settings settings) {
        this(name, dataSource, producers, settings, OutboxMetrics.NONE);
    }

    /** A relay that reports what it does to {@code metrics} (see {@link MicrometerOutboxMetrics}). */
    public OutboxRelay(String name, DataSource dataSource, Supplier<Producer<String, String>> producers,
                       Settings settings, OutboxMetrics metrics) {
        this.name = name;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.dataSource = dataSource;
        this.settings = settings;
        this.sender = new RecordSender(producers, settings.deliveryTimeout());
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
        Log.infof("outbox relay %s started", name);
    }

    /** Lets the current round finish (up to {@code timeout}), then stops the thread and closes the producer. */
    public void stop(Duration timeout) {
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
            running = false;
        }
        if (t == null) {
            return;
        }
        synchronized (pauseSignal) {
            pauseSignal.notifyAll();
        }
        try {
            t.join(timeout.toMillis());
            if (t.isAlive()) {
                t.interrupt();
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Log.infof("outbox relay %s stopped", name);
    }

    private void run() {
        while (running) {
            try {
                if (store == null) {
                    store = OutboxStore.open(dataSource, name);
                }
                Round round = relayOnce();
                measureBacklogIfDue();
                if (round == Round.FAILED) {
                    pauseAfterFailure();
                    continue;
                }
                if (consecutiveFailures > 0) {
                    Log.infof("outbox relay %s: sending again after %d failed attempts", name, consecutiveFailures);
                    consecutiveFailures = 0;
                }
                cleanUpIfDue();
                if (round != Round.MORE) {
                    store.awaitNotification(settings.pollInterval());
                }
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                closeStore();
                consecutiveFailures++;
                logFailure("database unavailable: " + e.getMessage());
                pause(settings.backoff().delay(consecutiveFailures));
            }
        }
        closeStore();
        sender.close();
    }

    /** One round: lock, read, send, mark, commit. Runs on the relay thread (or a test's). */
    Round relayOnce() throws Exception {
        if (store == null) {
            store = OutboxStore.open(dataSource, name);
        }
        try {
            if (!store.tryLock()) {
                store.rollback();
                return Round.NOT_LEADER;
            }
            OutboxStore.Unsent unsent = store.unsent(settings.batchSize(), settings.batchMaxBytes());
            List<OutboxRow> rows = unsent.rows();
            if (rows.isEmpty()) {
                store.commit();
                return Round.IDLE;
            }
            BatchOutcome outcome = sender.send(rows);
            if (!outcome.sentIds().isEmpty()) {
                store.markSent(outcome.sentIds());
            }
            if (outcome.failure().isPresent()) {
                BatchOutcome.Failure f = outcome.failure().get();
                store.recordFailure(f.row().id(), f.describe(), f.permanent());
                if (f.permanent()) {
                    Log.errorf("outbox relay %s: event %s (row %d, topic %s) refused for good and parked: %s",
                            name, f.row().eventId(), f.row().id(), f.row().topic(), f.describe());
                }
            }
            store.commit();
            report(rows, outcome);
            if (outcome.failedTransiently()) {
                consecutiveFailures++;
                logFailure("Kafka did not acknowledge event " + outcome.failure().get().row().eventId() + ": "
                        + outcome.failure().get().describe());
                return Round.FAILED;
            }
            return outcome.failed() || unsent.more() ? Round.MORE : Round.SENT;
        } catch (Exception e) {
            try {
                store.rollback();
            } catch (Exception ignored) {
                // the caller drops the connection
            }
            throw e;
        }
    }

    private void report(List<OutboxRow> rows, BatchOutcome outcome) {
        try {
            if (!outcome.sentIds().isEmpty()) {
                Set<Long> sent = new HashSet<>(outcome.sentIds());
                Map<String, Integer> perTopic = new TreeMap<>();
                for (OutboxRow row : rows) {
                    if (sent.contains(row.id())) {
                        perTopic.merge(row.topic(), 1, Integer::sum);
                    }
                }
                perTopic.forEach(metrics::sent);
            }
            outcome.failure().ifPresent(f -> {
                if (f.permanent()) {
                    metrics.parked(f.row().topic());
                } else {
                    metrics.sendFailed(f.row().topic());
                }
            });
        } catch (RuntimeException e) {
            Log.debugf(e, "outbox relay %s: could not record metrics", name);
        }
    }

    /** Measures the backlog on the relay's connection every {@link OutboxMetrics#backlogInterval()}. */
    private void measureBacklogIfDue() {
        Duration interval = metrics.backlogInterval();
        if (interval == null || store == null || System.nanoTime() - nextBacklogNanos < 0) {
            return;
        }
        nextBacklogNanos = System.nanoTime() + interval.toNanos();
        try {
            OutboxStore.Backlog backlog = store.backlog();
            store.commit();
            metrics.backlog(backlog.pending(), backlog.oldestAge());
        } catch (Exception e) {
            try {
                store.rollback();
            } catch (Exception ignored) {
                // the next round finds out whether the connection is still good
            }
            Log.debugf("outbox relay %s: backlog not measured: %s", name, e.getMessage());
        }
    }

    private void cleanUpIfDue() throws Exception {
        if (System.nanoTime() - nextCleanupNanos < 0) {
            return;
        }
        nextCleanupNanos = System.nanoTime() + settings.cleanupInterval().toNanos();
        int deleted;
        do {
            deleted = store.deleteSentBefore(settings.retention(), CLEANUP_BATCH);
            store.commit();
            if (deleted > 0) {
                Log.debugf("outbox relay %s: deleted %d sent rows older than %s", name, deleted, settings.retention());
            }
        } while (deleted == CLEANUP_BATCH && running);
    }

    private void pauseAfterFailure() {
        pause(settings.backoff().delay(consecutiveFailures));
        if (store != null) {
            try {
                store.drainNotifications();
            } catch (Exception e) {
                closeStore();
            }
        }
    }

    private void logFailure(String what) {
        Duration delay = settings.backoff().delay(consecutiveFailures);
        // first failure and then every power of two: a broker outage must not flood the log
        if (Integer.bitCount(consecutiveFailures) == 1) {
            Log.warnf("outbox relay %s: %s (attempt %d, next in %d ms)", name, what, consecutiveFailures,
                    delay.toMillis());
        } else {
            Log.debugf("outbox relay %s: %s (attempt %d, next in %d ms)", name, what, consecutiveFailures,
                    delay.toMillis());
        }
    }

    private void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (pauseSignal) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    pauseSignal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    /** For tests driving rounds by hand: releases the connection and the producer. */
    void close() {
        closeStore();
        sender.close();
    }
}
