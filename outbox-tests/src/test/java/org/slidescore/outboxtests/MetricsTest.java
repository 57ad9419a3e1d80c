package org.slidescore.outboxtests;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.RestartableKafkaResource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /q/metrics} of a service built on common: Prometheus text with the JVM, HTTP server, Kafka client and
 * outbox relay meters; the outbox backlog gauges follow a broker outage. Also: tracing is off by default.
 */
@QuarkusTest
@QuarkusTestResource(RestartableKafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "outbox_probe"))
class MetricsTest {
    @Inject
    DataSource db;
    Probe probe;

    @BeforeEach
    void setUp() {
        probe = new Probe(db, RestartableKafkaResource.bootstrapServers());
    }

    static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of every sample of {@code name} whose labels contain {@code labelPart}; empty when there is none. */
    static OptionalDouble value(String body, String name, String labelPart) {
        double sum = 0;
        boolean found = false;
        for (String line : body.lines().toList()) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            // "name{labels} value [# {exemplar labels} value timestamp]": exemplars carry trace ids when a span was current
            String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
            int close = sample.lastIndexOf('}');
            String series = close >= 0 ? sample.substring(0, close + 1) : sample.substring(0, sample.indexOf(' '));
            if (!series.contains(labelPart)) {
                continue;
            }
            sum += Double.parseDouble(sample.substring(series.length()).trim().split("\\s+")[0]);
            found = true;
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    @Test
    void metricsEndpointServesJvmHttpAndOutboxMeters() {
        String name = Probe.unique("metrics");
        probe.create(name, "metrics-key");
        probe.awaitReceived(name);
        String topicLabel = "topic=\"" + Probe.TOPIC + "\"";
        await().atMost(Duration.ofSeconds(30)).until(() -> value(metrics(), "slidescore_outbox_sent_total", topicLabel)
                .orElse(0) >= 1);
        String body = metrics();
        assertTrue(value(body, "jvm_memory_used_bytes", "").isPresent(), body);
        assertTrue(value(body, "http_server_requests_seconds_count", "uri=\"/probe/items\"").orElse(0) >= 1,
                "the probe call is counted with its path template");
        assertTrue(value(body, "slidescore_outbox_pending", "").isPresent(), "backlog gauge");
        assertTrue(value(body, "slidescore_outbox_lag_seconds", "").isPresent(), "lag gauge");
        // consumer lag of the probe's Kafka consumer (Micrometer's Kafka client binder)
        await().atMost(Duration.ofSeconds(30)).until(() ->
                value(metrics(), "kafka_consumer_fetch_manager_records_lag_max", "").isPresent());

        double before = value(metrics(), "slidescore_outbox_sent_total", topicLabel).orElseThrow();
        String next = Probe.unique("metrics-next");
        probe.create(next, "metrics-key");
        probe.awaitReceived(next);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                value(metrics(), "slidescore_outbox_sent_total", topicLabel).orElseThrow() >= before + 1);
    }

    @Test
    void consumerMetersCountAppliedDuplicateAndDeadLetteredRecords() {
        String consumer = "consumer=\"" + ProbeConsumer.NAME + "\"";
        String name = Probe.unique("metrics-consumer");
        UUID eventId = probe.create(name, "consumer-key");
        probe.awaitReceived(name);
        await().atMost(Duration.ofSeconds(30)).until(() -> value(metrics(), "slidescore_consumer_events_total",
                consumer).isPresent());
        String body = metrics();
        double applied = value(body, "slidescore_consumer_events_total", "outcome=\"applied\"").orElse(0);
        double duplicates = value(body, "slidescore_consumer_events_total", "outcome=\"duplicate\"").orElse(0);
        double dead = value(body, "slidescore_consumer_events_total", "outcome=\"dead-lettered\"").orElse(0);
        assertTrue(applied >= 1, body);

        // the same event again (as a redelivery would bring it), then a record that is no envelope at all
        String again = probe.readUntil(Probe.TOPIC, r -> r.value() != null && r.value().contains(eventId.toString()))
                .stream().filter(r -> r.value() != null && r.value().contains(eventId.toString())).findFirst()
                .orElseThrow().value();
        probe.produce(Probe.TOPIC, "consumer-key", again, "not an envelope " + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String b = metrics();
            String lines = String.join("\n", b.lines().filter(l -> l.startsWith("slidescore_consumer")).toList());
            assertTrue(value(b, "slidescore_consumer_events_total", "outcome=\"duplicate\"").orElse(0)
                    >= duplicates + 1, "duplicate counted: " + lines);
            assertTrue(value(b, "slidescore_consumer_events_total", "outcome=\"dead-lettered\"").orElse(0)
                    >= dead + 1, "dead-lettered counted: " + lines);
        });
        assertEquals(1, probe.received(name), "the duplicate changed nothing");
    }

    @Test
    void outboxBacklogAndLagGrowWhileTheBrokerIsDownAndDrainAfterwards() {
        String warmUp = Probe.unique("metrics-warm-up");
        probe.create(warmUp, "lag-key");
        probe.awaitReceived(warmUp);
        RestartableKafkaResource.stopBroker();
        try {
            String during = Probe.unique("metrics-during-outage");
            probe.create(during, "lag-key");
            // measured every slidescore.outbox.relay.metrics-interval (5 s) on the relay's connection
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                String body = metrics();
                return value(body, "slidescore_outbox_pending", "").orElse(0) >= 1
                        && value(body, "slidescore_outbox_lag_seconds", "").orElse(0) > 0
                        && value(body, "slidescore_outbox_send_failures_total", "topic=\"" + Probe.TOPIC + "\"")
                        .orElse(0) >= 1;
            });
        } finally {
            RestartableKafkaResource.startBroker();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            String body = metrics();
            return value(body, "slidescore_outbox_pending", "").orElse(-1) == 0
                    && value(body, "slidescore_outbox_lag_seconds", "").orElse(-1) == 0;
        });
    }

    @Test
    void tracingIsOffAndLogsArePlainOutsideProd() {
        var config = ConfigProvider.getConfig();
        assertEquals(Boolean.TRUE, config.getValue("quarkus.otel.sdk.disabled", Boolean.class),
                "the OpenTelemetry SDK stays off unless OTEL_SDK_DISABLED=false");
        assertFalse(config.getValue("quarkus.log.console.json.enabled", Boolean.class),
                "JSON logs only in the prod profile");
        // with tracing off, an event leaves the outbox exactly as the envelope: no trace context, no headers
        String name = Probe.unique("untraced");
        String eventId = given().header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .queryParam("name", name).when().post("/probe/items").then().statusCode(200).extract().asString();
        var record = probe.readUntil(Probe.TOPIC, r -> r.value() != null && r.value().contains(eventId))
                .stream().filter(r -> r.value() != null && r.value().contains(eventId)).findFirst().orElseThrow();
        assertTrue(record.value().startsWith("{\"eventId\""), record.value());
        assertEquals(null, record.headers().lastHeader("traceparent"), "no trace header with tracing off");
    }
}
