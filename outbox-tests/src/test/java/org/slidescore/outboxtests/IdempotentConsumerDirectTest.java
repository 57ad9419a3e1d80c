package org.slidescore.outboxtests;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.common.messaging.PoisonMessageException;
import org.slidescore.events.EventEnvelope;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.RestartableKafkaResource;

import javax.sql.DataSource;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IdempotentConsumer called without Kafka and without a Vert.x context (it makes one for Hibernate Reactive). */
@QuarkusTest
@QuarkusTestResource(RestartableKafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "outbox_probe"))
class IdempotentConsumerDirectTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DataSource db;
    @Inject
    IdempotentConsumer consumer;
    Probe probe;

    @BeforeEach
    void setUp() {
        probe = new Probe(db, RestartableKafkaResource.bootstrapServers());
    }

    private static Function<EventEnvelope, Uni<Void>> recordIt(AtomicInteger calls) {
        return envelope -> {
            calls.incrementAndGet();
            ReceivedProbe r = new ReceivedProbe();
            r.eventId = envelope.eventId();
            r.name = envelope.dataAs(ProbeCreated.class).name();
            return r.persist().replaceWithVoid();
        };
    }

    @Test
    void oneConsumerAppliesAnEventOnceAnotherConsumerAppliesItToo() {
        String name = Probe.unique("direct");
        String json = EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated(name)).toJson();
        AtomicInteger calls = new AtomicInteger();

        consumer.handle("direct-a", json, recordIt(calls)).await().atMost(WAIT);
        consumer.handle("direct-a", json, recordIt(calls)).await().atMost(WAIT);
        assertEquals(1, calls.get(), "the second delivery does not run the effect");
        assertEquals(1, probe.received(name));

        consumer.handle("direct-b", json, recordIt(calls)).await().atMost(WAIT);
        assertEquals(2, calls.get(), "deduplication is per consumer");
        assertEquals(2, probe.received(name));
    }

    @Test
    void aNestedTransactionInTheEffectJoinsTheConsumersTransactionAndRollsBackWithIt() {
        String name = Probe.unique("nested");
        EventEnvelope envelope = EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated(name));
        AtomicInteger calls = new AtomicInteger();
        Function<EventEnvelope, Uni<Void>> effect = e -> Panache.withTransaction(() -> recordIt(calls).apply(e))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("fails after a nested transaction")));

        assertThrows(IllegalStateException.class,
                () -> consumer.handle("direct-nested", envelope.toJson(), effect).await().atMost(WAIT));
        assertEquals(3, calls.get(), "first attempt plus slidescore.messaging.retries=2");
        assertEquals(0, probe.received(name), "nothing of the failed attempts was committed");
        assertEquals(0, probe.processedRows(envelope.eventId()));
    }

    @Test
    void anUnreachableDatabaseUsesUpNoRetriesTheEventIsAppliedOnceItAnswers() {
        String name = Probe.unique("unreachable-then-back");
        String json = EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated(name)).toJson();
        AtomicInteger calls = new AtomicInteger();
        // five refused attempts: more than 1 + slidescore.messaging.retries=2 of an ordinary failure
        Function<EventEnvelope, Uni<Void>> effect = e -> calls.incrementAndGet() <= 5
                ? Uni.createFrom().failure(new ConnectException("Connection refused: /127.0.0.1:5432"))
                : recordIt(new AtomicInteger()).apply(e);

        consumer.handle("direct-unreachable", json, effect).await().atMost(WAIT);
        assertEquals(6, calls.get());
        assertEquals(1, probe.received(name));
    }

    @Test
    void anUnreachableDatabaseIsWaitedForOnlyUpToThePatience() {
        String name = Probe.unique("unreachable-for-good");
        EventEnvelope envelope = EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated(name));
        AtomicInteger calls = new AtomicInteger();
        Function<EventEnvelope, Uni<Void>> effect = e -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new ConnectException("Connection refused: /127.0.0.1:5432"));
        };
        long start = System.nanoTime();
        RuntimeException failed = assertThrows(RuntimeException.class,
                () -> consumer.handle("direct-unreachable", envelope.toJson(), effect).await().atMost(WAIT));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(failed instanceof java.util.concurrent.CompletionException
                && failed.getCause() instanceof ConnectException, failed.toString());
        // slidescore.messaging.database-patience=PT2S here, attempts every 0.2 s at the most
        assertTrue(waitedMillis >= 2000, "gave up after " + waitedMillis + " ms");
        assertTrue(calls.get() > 3, "only " + calls.get() + " attempts");
        assertEquals(0, probe.processedRows(envelope.eventId()));
    }

    @Test
    void aTombstoneIsSkippedGarbageIsPoisonAndAConsumerNeedsAName() {
        AtomicInteger calls = new AtomicInteger();
        consumer.handle("direct-a", null, recordIt(calls)).await().atMost(WAIT);
        assertEquals(0, calls.get());

        assertThrows(PoisonMessageException.class,
                () -> consumer.handle("direct-a", "{\"eventId\":", recordIt(calls)).await().atMost(WAIT));
        assertThrows(PoisonMessageException.class,
                () -> consumer.handle("direct-a", "{\"type\":\"NoId\"}", recordIt(calls)).await().atMost(WAIT));
        String json = EventEnvelope.of("outbox-tests", Map.of(), new ProbeCreated("x")).toJson();
        assertThrows(IllegalArgumentException.class,
                () -> consumer.handle(" ", json, recordIt(calls)).await().atMost(WAIT));
        assertEquals(0, calls.get());
    }
}
