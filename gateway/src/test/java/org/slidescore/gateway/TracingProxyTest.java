package org.slidescore.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.TestTokens;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With tracing on, a forwarded request carries one {@code traceparent}: the client's trace, continued by the gateway's
 * own span (so the service's span is a child of the gateway's, not a sibling). Vert.x adds its tracer's header to the
 * copied ones, and a service reads the first of two, so the client's copy must not be forwarded.
 */
@QuarkusTest
@GatewayTest
@TestProfile(TracingProxyTest.TracingOn.class)
class TracingProxyTest {
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // spans are made and propagated; the exporter has nowhere to send them (nothing listens on port 9)
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9",
                    "quarkus.log.category.\"io.opentelemetry\".level", "OFF");
        }
    }

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Test
    void theServiceGetsOneTraceparentOfTheClientsTraceFromTheGatewaysSpan() {
        for (String path : List.of("/Api/Studies", "/files/")) {
            Response r = given().header("Authorization", TestTokens.bearer(TestTokens.all()))
                    .header("traceparent", "00-" + TRACE + "-" + CLIENT_SPAN + "-01")
                    .when().get(path);
            assertEquals(200, r.statusCode(), r.asString());
            List<String> received = r.jsonPath().getList("traceparents", String.class);
            assertEquals(1, received.size(), path + ": " + received);
            String[] parts = received.get(0).split("-");
            assertEquals(4, parts.length, received.get(0));
            assertEquals(TRACE, parts[1], path + ": the client's trace goes on");
            assertNotEquals(CLIENT_SPAN, parts[2], path + ": the parent is the gateway's span, not the client's");
            assertTrue(parts[2].matches("[0-9a-f]{16}") && !parts[2].equals("0000000000000000"), received.get(0));
        }
    }
}
