package org.slidescore.outboxtests;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.events.EventEnvelope;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The probe consumer: records every ProbeCreated it applies in {@code received_probe}. Names steer failures for the
 * tests: {@code always-fails...} never succeeds (so it ends in the dead-letter topic), {@code fails-twice...} writes
 * its row and then fails on its first two attempts (so those partial effects must be rolled back).
 */
@ApplicationScoped
public class ProbeConsumer {
    static final String NAME = "outbox-tests.probe";

    private final IdempotentConsumer consumer;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> attemptsByEvent = new ConcurrentHashMap<>();

    public ProbeConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("probe-in")
    public Uni<Void> onProbeCreated(String json) {
        return consumer.handle(NAME, json, this::apply);
    }

    private Uni<Void> apply(EventEnvelope envelope) {
        attemptsByEvent.merge(envelope.eventId(), 1, Integer::sum);
        String name = envelope.dataAs(ProbeCreated.class).name();
        int attempt = attempts.merge(name, 1, Integer::sum);
        if (name.startsWith("always-fails")) {
            return Uni.createFrom().failure(new IllegalStateException("the probe refuses " + name));
        }
        ReceivedProbe received = new ReceivedProbe();
        received.eventId = envelope.eventId();
        received.name = name;
        if (name.startsWith("fails-twice") && attempt <= 2) {
            // the row reaches the database before the failure: only the rollback can take it away again
            return received.persistAndFlush().chain(() -> Uni.createFrom().failure(
                    new IllegalStateException("the probe fails attempt " + attempt + " of " + name)));
        }
        return received.persist().replaceWithVoid();
    }

    /** How often the effect ran for {@code name} (successful or not). */
    public int attempts(String name) {
        return attempts.getOrDefault(name, 0);
    }

    /** How often the effect was called for this event id (also when its data could not be read). */
    public int attempts(UUID eventId) {
        return attemptsByEvent.getOrDefault(eventId, 0);
    }
}
