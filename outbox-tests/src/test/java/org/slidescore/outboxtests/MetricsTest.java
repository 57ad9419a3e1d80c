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
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            if (!series.contains(labelPart)) {
                continue;
            }
            sum += Double.parseDouble(line.substring(space + 1));
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
    }
}
