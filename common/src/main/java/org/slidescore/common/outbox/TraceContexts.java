package org.slidescore.common.outbox;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.slidescore.events.EventJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries the OpenTelemetry context of {@link Outbox#publish} over the outbox to the Kafka record, so that a consumer's
 * span continues the producer's trace although the relay sends the record later on its own thread. The context
 * ({@code traceparent}, and {@code tracestate}/{@code baggage} when present) is stored as a leading
 * {@code "traceContext"} field of the row's payload (readers of the envelope ignore unknown fields) and sent as
 * record headers. With tracing off (the default) nothing is added and payloads stay exactly the envelope JSON.
 */
final class TraceContexts {
    static final String FIELD = "traceContext";
    private static final String PREFIX = "{\"" + FIELD + "\":";
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private TraceContexts() {
    }

    /** The envelope JSON with the current context as its first field; unchanged when there is nothing to carry. */
    static String attach(TextMapPropagator propagator, String envelopeJson) {
        if (propagator == null || !envelopeJson.startsWith("{")) {
            return envelopeJson;
        }
        Map<String, String> carrier = new LinkedHashMap<>();
        propagator.inject(Context.current(), carrier, (map, key, value) -> {
            if (map != null && key != null && value != null) {
                map.put(key, value);
            }
        });
        if (carrier.isEmpty()) {
            return envelopeJson;
        }
        try {
            String rest = envelopeJson.equals("{}") ? "}" : "," + envelopeJson.substring(1);
            return PREFIX + EventJson.mapper().writeValueAsString(carrier) + rest;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The headers a stored payload carries; empty for a payload without a trace context. */
    static Map<String, String> headers(String payload) {
        if (payload == null || !payload.startsWith(PREFIX)) {
            return Map.of();
        }
        try (JsonParser parser = EventJson.mapper().getFactory().createParser(payload)) {
            // only the leading object is read, not the (possibly large) event behind it
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
                    || parser.nextToken() != JsonToken.START_OBJECT) {
                return Map.of();
            }
            return EventJson.mapper().readValue(parser, STRING_MAP);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
