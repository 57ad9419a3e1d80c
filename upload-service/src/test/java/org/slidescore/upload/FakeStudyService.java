package org.slidescore.upload;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stands in for study-service's {@code GET /internal/studies/{id}} (the only call upload-service makes to it):
 * study 7 is "Liver", study 8 is "Kidney", anything else is 404.
 */
public class FakeStudyService implements QuarkusTestResourceLifecycleManager {
    static final Map<String, String> STUDIES = Map.of("7", "Liver", "8", "Kidney");
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/studies/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/internal/studies/".length());
            String name = STUDIES.get(id);
            byte[] body = (name == null ? "{\"status\":404}" : "{\"studyId\":" + id + ",\"name\":\"" + name + "\",\"images\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(name == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("slidescore.services.study-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
