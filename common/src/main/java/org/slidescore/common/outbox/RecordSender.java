package org.slidescore.common.outbox;

import io.quarkus.logging.Log;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Sends outbox rows to Kafka in id order and waits for every acknowledgement. Blocking: it runs on the relay's own
 * thread, never on the event loop.
 *
 * <p>Order matters more than throughput: as soon as one record fails, the producer is closed at once (from the
 * callback, which Kafka turns into a forced close) so that no later record of the same partition can overtake it;
 * a fresh producer is made for the next round. With {@code enable.idempotence} the broker itself refuses a later
 * sequence number while an earlier one is missing, so a later record is only ever acknowledged if the earlier one was
 * written too.
 */
final class RecordSender implements AutoCloseable {
    private final Supplier<Producer<String, String>> producers;
    private final Duration ackTimeout;
    private Producer<String, String> producer;

    RecordSender(Supplier<Producer<String, String>> producers, Duration deliveryTimeout) {
        this.producers = producers;
        // every record's delivery timeout starts at its send(); the last one's ends at most this long after
        this.ackTimeout = deliveryTimeout.plusSeconds(5);
    }

    BatchOutcome send(List<OutboxRow> rows) throws InterruptedException {
        if (producer == null) {
            producer = producers.get();
        }
        Producer<String, String> p = producer;
        int n = rows.size();
        Exception[] errors = new Exception[n];
        boolean[] acked = new boolean[n];
        AtomicBoolean aborted = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(n);
        int handedOver = 0;
        for (int i = 0; i < n && !aborted.get(); i++) {
            OutboxRow row = rows.get(i);
            int index = i;
            try {
                ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
                TraceContexts.headers(row.payload()).forEach((name, value) ->
                        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                p.send(record, (metadata, error) -> {
                    if (error == null) {
                        acked[index] = true;
                    } else {
                        errors[index] = error;
                        if (aborted.compareAndSet(false, true)) {
                            p.close(Duration.ZERO);
                        }
                    }
                    done.countDown();
                });
                handedOver++;
            } catch (RuntimeException e) {
                // e.g. the producer was closed by an earlier failure's callback, or a serializer refused the record
                errors[index] = e;
                aborted.set(true);
                break;
            }
        }
        for (int i = handedOver; i < n; i++) {
            done.countDown();
        }
        if (!done.await(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            Log.warnf("outbox relay: no answer from Kafka for %d ms; closing the producer", ackTimeout.toMillis());
            aborted.set(true);
            p.close(Duration.ZERO);
            done.await(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (aborted.get()) {
            p.close(Duration.ZERO);
            producer = null;
        }
        return outcome(rows, acked, errors);
    }

    static BatchOutcome outcome(List<OutboxRow> rows, boolean[] acked, Exception[] errors) {
        List<Long> sent = new ArrayList<>();
        Optional<BatchOutcome.Failure> failure = Optional.empty();
        for (int i = 0; i < rows.size(); i++) {
            if (acked[i]) {
                sent.add(rows.get(i).id());
            } else if (failure.isEmpty()) {
                Exception error = errors[i] != null ? errors[i]
                        : new IllegalStateException("not sent: an earlier record of this round failed");
                failure = Optional.of(new BatchOutcome.Failure(rows.get(i), error, isPermanent(error)));
            }
        }
        return new BatchOutcome(List.copyOf(sent), failure);
    }

    /** Errors that no retry can cure; anything else (broker down, timeouts, authorization) is retried. */
    static boolean isPermanent(Throwable error) {
        return error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidTopicException;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
