package org.slidescore.tile.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for study-service's {@code /internal/studies/{id}} and {@code /internal/images/{id}} (read-through)
 * and scoring-service's {@code /internal/annotations}, answering fixed data in the real endpoints' shapes, so the
 * tile service's HTTP clients are exercised for real without starting those services.
 */
public class NeighbourServicesResource implements QuarkusTestResourceLifecycleManager {
    public static final long READ_THROUGH_STUDY = 78;
    public static final long READ_THROUGH_IMAGE = 710;
    public static final String ANNOTATOR = "pathologist@example.com";

    private HttpServer server;

    static StudyChanged readThroughStudy() {
        return new StudyChanged(READ_THROUGH_STUDY, "Other study", "owner", 3, Instant.parse("2026-01-01T00:00:00Z"),
                List.of(new StudyChanged.Image(READ_THROUGH_IMAGE, "copy", "other/copy.TiFF", null, null, null, 98776,
                        null)), List.of(), List.of(), List.of(), List.of());
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/studies/", ex -> {
            if (ex.getRequestURI().getPath().equals("/internal/studies/" + READ_THROUGH_STUDY)) {
                send(ex, 200, EventJson.write(readThroughStudy()));
            } else {
                send(ex, 404, "{\"title\":\"Not Found\",\"status\":404}");
            }
        });
        server.createContext("/internal/images/", ex -> {
            if (ex.getRequestURI().getPath().equals("/internal/images/" + READ_THROUGH_IMAGE)) {
                send(ex, 200, "{\"imageId\":" + READ_THROUGH_IMAGE + ",\"studyId\":" + READ_THROUGH_STUDY + "}");
            } else {
                send(ex, 404, "{\"title\":\"Not Found\",\"status\":404}");
            }
        });
        server.createContext("/internal/annotations", ex -> {
            String q = ex.getRequestURI().getQuery();
            if (q != null && q.contains("question=Unknown")) {
                send(ex, 404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"question \\\"Unknown\\\" is not in study 77\"}");
                return;
            }
            boolean annotator = q != null && q.contains("user=" + ANNOTATOR.replace("@", "%40"))
                    || q != null && q.contains("user=" + ANNOTATOR);
            String value = "[{\\\"type\\\":\\\"polygon\\\",\\\"points\\\":[{\\\"x\\\":50,\\\"y\\\":50},{\\\"x\\\":400,\\\"y\\\":60},"
                    + "{\\\"x\\\":300,\\\"y\\\":400}]},{\\\"type\\\":\\\"ellipse\\\",\\\"center\\\":{\\\"x\\\":250,\\\"y\\\":250},"
                    + "\\\"size\\\":{\\\"x\\\":80,\\\"y\\\":40}}]";
            send(ex, 200, "{\"imageId\":701,\"studyId\":77,\"user\":\"" + ANNOTATOR + "\",\"annotations\":"
                    + (annotator ? "[{\"answerId\":1,\"questionId\":5,\"question\":\"Tumour\",\"type\":\"AnnoShapes\","
                    + "\"color\":\"#00ff00\",\"value\":\"" + value + "\"}]" : "[]") + "}");
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("slidescore.services.study-url", url, "slidescore.services.scoring-url", url);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
