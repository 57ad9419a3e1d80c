package org.slidescore.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small real HTTP server standing in for the services behind the gateway (one server for upload, study, scoring
 * and tile): it echoes what reached it as JSON, streams large bodies both ways, and answers a JPEG on the binary
 * calls. The notification service is pointed at a closed port (a service that is down).
 */
public class Downstream implements QuarkusTestResourceLifecycleManager {
    /** Bytes of a {@code /Api/DownloadSlide} answer. */
    public static final int DOWNLOAD_SIZE = 20 * 1024 * 1024;
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};

    /** {@code /Api/DownloadSlide} answers whose connection closed before the last byte was written. */
    static final java.util.concurrent.atomic.AtomicInteger downloadsCutOff = new java.util.concurrent.atomic.AtomicInteger();
    private static Vertx vertx;
    private static HttpServer server;
    static int port;
    static int closedPort;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer().requestHandler(Downstream::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
        } catch (Exception e) {
            throw new IllegalStateException("downstream server did not start", e);
        }
        port = server.actualPort();
        String url = "http://127.0.0.1:" + port;
        return Map.of(
                "slidescore.services.upload-url", url,
                "slidescore.services.study-url", url,
                "slidescore.services.scoring-url", url,
                "slidescore.services.tile-url", url,
                "slidescore.services.notification-url", "http://127.0.0.1:" + closedPort);
    }

    private static void handle(HttpServerRequest req) {
        if (req.path().equals("/Api/DownloadSlide")) {
            streamDownload(req);
            return;
        }
        if (req.path().equals("/Api/GetScreenshot")) {
            req.end().onComplete(x -> req.response().putHeader("Content-Type", "image/jpeg").end(Buffer.buffer(JPEG)));
            return;
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long[] length = {0};
        Buffer head = Buffer.buffer();
        req.handler(chunk -> {
            length[0] += chunk.length();
            sha.update(chunk.getBytes());
            if (head.length() < 4096) {
                head.appendBuffer(chunk.slice(0, Math.min(chunk.length(), 4096 - head.length())));
            }
        });
        req.endHandler(v -> {
            JsonObject headers = new JsonObject();
            req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            JsonObject echo = new JsonObject()
                    .put("method", req.method().name())
                    .put("path", req.path())
                    .put("query", req.query() == null ? "" : req.query())
                    .put("headers", headers)
                    // every value of the trace context header (headers above keeps only the last of repeated ones)
                    .put("traceparents", new io.vertx.core.json.JsonArray(req.headers().getAll("traceparent")))
                    .put("bodyLength", length[0])
                    .put("bodySha256", HexFormat.of().formatHex(sha.digest()))
                    .put("bodyHead", head.toString());
            req.response().putHeader("Content-Type", "application/json").putHeader("X-Downstream", "yes")
                    .end(echo.encode());
        });
    }

    /** Writes DOWNLOAD_SIZE bytes (a known pattern) chunk by chunk, honouring back-pressure. */
    private static void streamDownload(HttpServerRequest req) {
        req.end();
        var resp = req.response().putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Disposition", "attachment; filename=\"slide.svs\"")
                .putHeader("Content-Length", Integer.toString(DOWNLOAD_SIZE));
        int[] sent = {0};
        resp.closeHandler(v -> {
            if (!resp.ended()) {
                downloadsCutOff.incrementAndGet();
            }
        });
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (sent[0] < DOWNLOAD_SIZE && !resp.writeQueueFull()) {
                int n = Math.min(64 * 1024, DOWNLOAD_SIZE - sent[0]);
                byte[] chunk = new byte[n];
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) ((sent[0] + i) % 251);
                }
                sent[0] += n;
                resp.write(Buffer.buffer(chunk));
            }
            if (sent[0] >= DOWNLOAD_SIZE) {
                resp.end();
            } else {
                resp.drainHandler(v -> pump[0].run());
            }
        };
        pump[0].run();
    }

    @Override
    public void stop() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // test JVM ending
            }
        }
    }
}
