package org.slidescore.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What travels on every topic: an id consumers deduplicate on, the event type and major version, when and by whom it
 * happened, the ids it is about ({@code subject}) and the event record itself as JSON ({@code data}).
 */
public record EventEnvelope(UUID eventId, String type, int version, Instant occurredAt, String producer,
                            Map<String, String> subject, JsonNode data) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(producer, "producer");
        subject = subject == null ? Map.of() : Map.copyOf(subject);
    }

    /** A new envelope with a fresh id, stamped now, around one of the event records of this module. */
    public static EventEnvelope of(String producer, Map<String, String> subject, SlideScoreEvent data) {
        return new EventEnvelope(UUID.randomUUID(), data.eventType(), data.eventVersion(), Instant.now(), producer,
                subject, EventJson.mapper().valueToTree(data));
    }

    /** The data as the record type it was written from; unknown fields are ignored (tolerant reader). */
    public <T> T dataAs(Class<T> type) {
        try {
            return EventJson.mapper().treeToValue(data, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new EventFormatException("event " + eventId + " of type " + this.type + " has unreadable data: "
                    + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        return EventJson.write(this);
    }

    public static EventEnvelope fromJson(String json) {
        return EventJson.read(json, EventEnvelope.class);
    }
}
