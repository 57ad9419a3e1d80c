package org.slidescore.common.outbox;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.slidescore.events.EventEnvelope;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The transactional outbox: {@link #publish} writes an event into {@code outbox_event} in the caller's current
 * reactive transaction, so the event exists if and only if the state change commits. {@link OutboxRelay} then sends
 * it to Kafka (at least once, in id order, so in order per key).
 *
 * <pre>{@code
 * @Inject Outbox outbox;
 *
 * Uni<Void> rename(long id, String name) {
 *     return Panache.withTransaction(() -> Study.<Study>findById(id)
 *             .invoke(study -> study.name = name)
 *             .chain(study -> outbox.publish(Topics.STUDY_CHANGED, String.valueOf(study.id),
 *                     EventEnvelope.of("study-service", Map.of("studyId", String.valueOf(study.id)), snapshot(study)))));
 * }
 * }</pre>
 *
 * Call it after the state change of the same transaction: the change's row lock makes a second transaction on the
 * same aggregate wait, so its outbox row gets a later id and the two events leave in commit order.
 */
@ApplicationScoped
public class Outbox {
    /** Kafka's rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final int MAX_KEY_LENGTH = 1024;
    private static final String INSERT = "INSERT INTO outbox_event (event_id, topic, event_key, payload) "
            + "VALUES (:eventId, :topic, :key, :payload)";

    private final int maxPayloadBytes;
    private final TextMapPropagator propagator;

    /** With the service's OpenTelemetry propagators, the caller's trace context travels with the event. */
    @Inject
    public Outbox(OutboxConfig config, Instance<OpenTelemetry> openTelemetry) {
        this.maxPayloadBytes = config.maxPayloadBytes();
        this.propagator = openTelemetry != null && openTelemetry.isResolvable()
                ? openTelemetry.get().getPropagators().getTextMapPropagator() : null;
    }

    /**
     * Adds {@code envelope} for {@code topic} with Kafka key {@code key} (records with one key stay in order; null
     * spreads them over partitions) to the current transaction. Fails, and so rolls the caller back, when there is no
     * transaction, when the topic name is not a Kafka topic name, or when the envelope is too large to ever be sent.
     */
    public Uni<Void> publish(String topic, String key, EventEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            return Uni.createFrom().failure(new IllegalArgumentException("not a Kafka topic name: " + topic));
        }
        if (key != null && key.length() > MAX_KEY_LENGTH) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "event key longer than " + MAX_KEY_LENGTH + " characters for event " + envelope.eventId()));
        }
        // the current trace context (tracing on only) rides along to the record headers: TraceContexts
        String payload = TraceContexts.attach(propagator, envelope.toJson());
        int size = payload.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxPayloadBytes) {
            return Uni.createFrom().failure(new IllegalArgumentException("event " + envelope.eventId() + " of type "
                    + envelope.type() + " is " + size + " bytes, more than the " + maxPayloadBytes + " allowed"));
        }
        return Panache.getSession().chain(session -> {
            if (session.currentTransaction() == null) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "Outbox.publish must run inside a transaction (Panache.withTransaction or @WithTransaction)"));
            }
            return session.createNativeQuery(INSERT)
                    .setParameter("eventId", envelope.eventId())
                    .setParameter("topic", topic)
                    .setParameter("key", key)
                    .setParameter("payload", payload)
                    .executeUpdate()
                    .replaceWithVoid();
        });
    }
}
