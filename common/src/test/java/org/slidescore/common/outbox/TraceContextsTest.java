package org.slidescore.common.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.TokenRevoked;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceContextsTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";
    final TextMapPropagator w3c = W3CTraceContextPropagator.getInstance();
    final EventEnvelope envelope = EventEnvelope.of("gateway", Map.of("tokenId", "t1"),
            new TokenRevoked("t1", Instant.parse("2026-01-01T00:00:00Z"), null, "given up"));

    @Test
    void withoutASpanThePayloadIsExactlyTheEnvelope() {
        String json = envelope.toJson();
        assertSame(json, TraceContexts.attach(w3c, json));
        assertSame(json, TraceContexts.attach(null, json));
        assertEquals(Map.of(), TraceContexts.headers(json));
    }

    @Test
    void theCurrentSpanTravelsAsALeadingFieldAndComesBackAsHeaders() {
        Context ctx = Context.root().with(Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(),
                TraceState.getDefault())));
        String payload;
        try (Scope ignored = ctx.makeCurrent()) {
            payload = TraceContexts.attach(w3c, envelope.toJson());
        }
        assertTrue(payload.startsWith("{\"traceContext\":{\"traceparent\":"), payload);
        assertEquals(Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01"), TraceContexts.headers(payload));
        // readers of the envelope ignore the extra field
        EventEnvelope read = EventEnvelope.fromJson(payload);
        assertEquals(envelope.eventId(), read.eventId());
        assertEquals(envelope.toJson(), read.toJson());
    }

    @Test
    void aPayloadThatOnlyLooksLikeOneHasNoHeaders() {
        assertEquals(Map.of(), TraceContexts.headers("{\"traceContext\":\"no object\"}"));
        assertEquals(Map.of(), TraceContexts.headers("{\"traceContext\":{\"traceparent\":"));
        assertEquals(Map.of(), TraceContexts.headers(null));
    }
}
