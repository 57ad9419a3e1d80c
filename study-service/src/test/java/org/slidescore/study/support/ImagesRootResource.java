package org.slidescore.study.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.slidescore.events.EventJson;
import org.slidescore.events.SlideInspected;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A fresh images root per test JVM, and a stand-in for tile-service's {@code POST /internal/inspect} (a real HTTP
 * server on a loopback port): a path containing {@code unreadable} is not readable, one containing {@code tile-down}
 * gets a 503 (the tile service cannot be asked), anything else is a readable generic TIFF; before answering a path
 * containing {@code raced} it runs the hook a test set with {@link #beforeRacedAnswer}.
 */
public class ImagesRootResource implements QuarkusTestResourceLifecycleManager {
    private static Path root;
    private static HttpServer tile;
    /** Runs on the stand-in's thread before it answers an inspect of a path containing {@code raced}. */
    private static volatile Consumer<String> beforeRacedAnswer = path -> { };

    public static void beforeRacedAnswer(Consumer<String> hook) {
        beforeRacedAnswer = hook;
    }

    public static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("study-images-root");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    private static synchronized int tilePort() {
        if (tile == null) {
            try {
                tile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tile.createContext("/internal/inspect", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = EventJson.mapper().readTree(body).path("path").asText();
                byte[] answer;
                int status = 200;
                if (!"POST".equals(exchange.getRequestMethod())
                        || !exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/json")) {
                    status = 415;
                    answer = new byte[0];
                } else if (path.contains("tile-down")) {
                    status = 503;
                    answer = new byte[0];
                } else if (path.contains("unreadable")) {
                    answer = EventJson.write(new SlideInspected(path, false, null, null, null, null, null, null, null,
                            null, "no reader for this file")).getBytes(StandardCharsets.UTF_8);
                } else {
                    if (path.contains("raced")) {
                        beforeRacedAnswer.accept(path);
                    }
                    answer = EventJson.write(new SlideInspected(path, true, "generic-tiff", 501L, 465L, 3,
                            List.of(1.0, 2.0, 4.0), null, null, null, null)).getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
                exchange.close();
            });
            tile.start();
        }
        return tile.getAddress().getPort();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("slidescore.images-root", root().toString(),
                "slidescore.services.tile-url", "http://127.0.0.1:" + tilePort());
    }

    @Override
    public void stop() {
        // one root and one stand-in serve every Quarkus application of this JVM; the root stays under java.io.tmpdir
    }
}
