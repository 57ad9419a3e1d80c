package org.slidescore.outboxtests;

import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.RestartableKafkaResource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With tracing on, the trace of the request that committed an event continues on the Kafka record the relay sends
 * later: the record carries a W3C {@code traceparent} header of the same trace, the value is still a plain envelope,
 * and the consuming side's span belongs to that trace.
 */
@QuarkusTest
@TestProfile(TracePropagationTest.TracingOn.class)
@QuarkusTestResource(RestartableKafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "outbox_probe"))
class TracePropagationTest {
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // spans are made and propagated; the exporter has nowhere to send them (nothing listens on port 9)
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9",
                    "quarkus.log.category.\"io.opentelemetry\".level", "OFF");
        }
    }

    @Inject
    DataSource db;
    @Inject
    CollectedSpans spans;

    @Test
    void theRequestsTraceReachesTheKafkaRecordThroughTheOutbox() {
        Probe probe = new Probe(db, RestartableKafkaResource.bootstrapServers());
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String name = Probe.unique("traced");
        String eventId = given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .queryParam("name", name).queryParam("key", "traced-key")
                .when().post("/probe/items").then().statusCode(200).extract().asString();
        List<ConsumerRecord<String, String>> read = probe.readUntil(Probe.TOPIC,
                r -> r.value() != null && r.value().contains(eventId));
        ConsumerRecord<String, String> record = read.stream().filter(r -> r.value().contains(eventId)).findFirst()
                .orElseThrow();
        Header header = record.headers().lastHeader("traceparent");
        assertNotNull(header, "the record carries the trace context");
        String traceparent = new String(header.value(), StandardCharsets.UTF_8);
        assertTrue(traceparent.startsWith("00-" + traceId + "-"), traceparent);
        assertEquals(UUID.fromString(eventId), EventEnvelope.fromJson(record.value()).eventId(), "still an envelope");
        probe.awaitReceived(name);
        // the service's own consumer continued the same trace: its span is in it, with the server span
        await().atMost(Duration.ofSeconds(30)).until(() -> spans.ofTrace(traceId).stream()
                .anyMatch(s -> s.getKind() == SpanKind.CONSUMER));
        assertTrue(spans.ofTrace(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER),
                "the request's server span: " + spans.ofTrace(traceId));
    }
}
