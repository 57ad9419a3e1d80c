package org.slidescore.common.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.slidescore.common.outbox.Backoff;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.EventFormatException;

import java.util.function.Function;

/**
 * Applies an event at most once per consumer: the effect and the row {@code processed_event(consumer, event_id)}
 * commit in one transaction, and an event id already recorded for that consumer is skipped. This turns Kafka's
 * at-least-once delivery (relay retries, consumer restarts, rebalances) into effectively-once effects on the
 * consumer's database.
 *
 * <p>Failures: an effect that fails is rolled back and retried ({@code slidescore.messaging.retries} times, with
 * backoff from {@code slidescore.messaging.initial-backoff} to {@code max-backoff}); then the returned {@code Uni}
 * fails. A failure that only says the database cannot be reached ({@link DatabaseUnavailable}: PostgreSQL restarting)
 * does not count as a retry: the attempt is repeated until the database answers, for up to
 * {@code slidescore.messaging.database-patience} (45 s), so an event that arrives during a restart is applied once the
 * database is back instead of being dead-lettered. A message that is not an event envelope fails at once with {@link PoisonMessageException}, and an effect
 * failing with {@link EventFormatException} (data that {@code dataAs} cannot read) is not retried. Either way the
 * channel's {@code failure-strategy=dead-letter-queue} sends the record to {@code <topic>.dlq} and the consumer goes
 * on with the next record. A {@code null} value (a compaction tombstone) is skipped.
 *
 * <p>Wiring a consumer in a service: the channel name is logical, the topic lives in the properties only.
 * <pre>{@code
 * @ApplicationScoped
 * public class StudyChangedConsumer {
 *     @Inject IdempotentConsumer consumer;
 *
 *     @Incoming("study-changed-in")
 *     public Uni<Void> onStudyChanged(String json) {
 *         return consumer.handle("scoring.study-projection", json,
 *                 envelope -> project(envelope.dataAs(StudyChanged.class)));
 *     }
 * }
 * }</pre>
 * <pre>
 * mp.messaging.incoming.study-changed-in.connector=smallrye-kafka
 * mp.messaging.incoming.study-changed-in.topic=slidescore.study.study-changed.v1
 * mp.messaging.incoming.study-changed-in.group.id=scoring-service
 * mp.messaging.incoming.study-changed-in.auto.offset.reset=earliest
 * mp.messaging.incoming.study-changed-in.value.deserializer=org.apache.kafka.common.serialization.StringDeserializer
 * mp.messaging.incoming.study-changed-in.failure-strategy=dead-letter-queue
 * mp.messaging.incoming.study-changed-in.dead-letter-queue.topic=slidescore.study.study-changed.v1.dlq
 * </pre>
 * The effect runs inside the transaction (use Panache / the session as usual, do not open another transaction) and
 * must only touch the database: anything else it does (an HTTP call, an e-mail) is not rolled back and may be repeated
 * on retry. Records are handled one at a time per channel, so events of one key are applied in order.
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final String RECORD = "INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :eventId) "
            + "ON CONFLICT DO NOTHING";

    private final Vertx vertx;
    private final int retries;
    private final Backoff backoff;
    private final long databasePatienceNanos;
    private final MeterRegistry meters;

    public IdempotentConsumer(Vertx vertx, MessagingConfig config, Instance<MeterRegistry> meters) {
        this.vertx = vertx;
        this.retries = config.retries();
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.databasePatienceNanos = config.databasePatience().toNanos();
        this.meters = meters.isResolvable() ? meters.get() : null;
    }

    /**
     * Counts what became of a record: {@code slidescore.consumer.events} ({@code slidescore_consumer_events_total}),
     * tags {@code consumer} and {@code outcome}: {@code applied}, {@code duplicate}, {@code retried} (one per failed
     * attempt that is tried again), {@code dead-lettered} (failed for good or unreadable: on its way to the DLQ).
     */
    private void count(String consumer, String outcome) {
        if (meters != null) {
            meters.counter("slidescore.consumer.events", "consumer", consumer, "outcome", outcome).increment();
        }
    }

    /**
     * Parses {@code json}, skips it if {@code consumerName} already processed its event id, else runs {@code effect}
     * and records the id in one transaction; retries failures, then fails (see the class comment).
     */
    public Uni<Void> handle(String consumerName, String json, Function<EventEnvelope, Uni<Void>> effect) {
        if (consumerName == null || consumerName.isBlank() || consumerName.length() > 255) {
            return Uni.createFrom().failure(new IllegalArgumentException("consumer name must have 1 to 255 characters"));
        }
        if (json == null) {
            Log.debugf("%s: skipped a tombstone (null value)", consumerName);
            return Uni.createFrom().voidItem();
        }
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.fromJson(json);
        } catch (EventFormatException e) {
            Log.errorf("%s: poison message, sending it to the dead-letter topic: %s", consumerName, e.getMessage());
            count(consumerName, "dead-lettered");
            return Uni.createFrom().failure(new PoisonMessageException(consumerName + ": " + e.getMessage(), e));
        }
        Context current = Vertx.currentContext();
        if (current != null && VertxContext.isDuplicatedContext(current)) {
            return logFinalFailure(consumerName, envelope, attempt(consumerName, envelope, effect, current, 0, null));
        }
        // Hibernate Reactive needs a (duplicated) Vert.x context; give the call one when the caller has none
        Context context = VertxContext.createNewDuplicatedContext(current != null ? current : vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().<Void>emitter(emitter -> context.runOnContext(ignored ->
                        logFinalFailure(consumerName, envelope, attempt(consumerName, envelope, effect, context, 0, null))
                                .subscribe().with(emitter::complete, emitter::fail)));
    }

    /** Database outage of the current record: since when (System.nanoTime()) and how many attempts it failed. */
    private record Outage(long since, int attempts) {
    }

    private Uni<Void> attempt(String consumer, EventEnvelope envelope, Function<EventEnvelope, Uni<Void>> effect,
                              Context context, int failuresSoFar, Outage outage) {
        return applyOnce(consumer, envelope, effect)
                .onFailure(e -> !isPoison(e) && (DatabaseUnavailable.is(e) ? withinPatience(outage)
                        : failuresSoFar < retries))
                .recoverWithUni(e -> {
                    count(consumer, "retried");
                    if (DatabaseUnavailable.is(e)) {
                        Outage now = outage == null ? new Outage(System.nanoTime(), 1)
                                : new Outage(outage.since(), outage.attempts() + 1);
                        long delay = backoff.delay(now.attempts()).toMillis();
                        if (outage == null) {
                            Log.warnf("%s: event %s (%s): database unavailable, waiting for it (up to %d s) before "
                                            + "applying the event: %s", consumer, envelope.eventId(), envelope.type(),
                                    databasePatienceNanos / 1_000_000_000L, e.toString());
                        } else {
                            Log.debugf("%s: event %s: database still unavailable (attempt %d), next in %d ms",
                                    consumer, envelope.eventId(), now.attempts(), delay);
                        }
                        return pause(context, delay).chain(() -> attempt(consumer, envelope, effect, context,
                                failuresSoFar, now));
                    }
                    int failures = failuresSoFar + 1;
                    long delay = backoff.delay(failures).toMillis();
                    Log.warnf("%s: event %s (%s) failed (attempt %d of %d), retrying in %d ms: %s", consumer,
                            envelope.eventId(), envelope.type(), failures, retries + 1, delay, e.toString());
                    return pause(context, delay).chain(() -> attempt(consumer, envelope, effect, context, failures,
                            outage));
                });
    }

    private boolean withinPatience(Outage outage) {
        return outage == null || System.nanoTime() - outage.since() < databasePatienceNanos;
    }

    /** Unreadable events (also data that does not fit the record type, from {@code dataAs}) never get better. */
    private static boolean isPoison(Throwable e) {
        return e instanceof PoisonMessageException || e instanceof EventFormatException;
    }

    private Uni<Void> logFinalFailure(String consumer, EventEnvelope envelope, Uni<Void> attempts) {
        return attempts.onFailure().invoke(e -> {
            count(consumer, "dead-lettered");
            if (isPoison(e)) {
                Log.errorf("%s: event %s (%s) has unreadable data, sending it to the dead-letter topic: %s",
                        consumer, envelope.eventId(), envelope.type(), e.getMessage());
            } else {
                Log.errorf("%s: event %s (%s) failed for good (%s), sending it to the dead-letter topic: %s",
                        consumer, envelope.eventId(), envelope.type(), DatabaseUnavailable.is(e)
                                ? "database unavailable for longer than slidescore.messaging.database-patience"
                                : (retries + 1) + " attempts", e.toString());
            }
        });
    }

    private Uni<Void> applyOnce(String consumer, EventEnvelope envelope, Function<EventEnvelope, Uni<Void>> effect) {
        boolean[] duplicate = new boolean[1];
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD)
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", envelope.eventId())
                        .executeUpdate())
                .chain(inserted -> {
                    if (inserted == 0) {
                        Log.debugf("%s: event %s already processed, skipped", consumer, envelope.eventId());
                        duplicate[0] = true;
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.createFrom().deferred(() -> effect.apply(envelope));
                }))
                // counted once the transaction committed
                .invoke(() -> count(consumer, duplicate[0] ? "duplicate" : "applied"));
    }

    /** Waits on a Vert.x timer and resumes on {@code context}, where Hibernate Reactive's session lives. */
    private Uni<Void> pause(Context context, long millis) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, millis),
                id -> context.runOnContext(ignored -> emitter.complete(null))));
    }
}
