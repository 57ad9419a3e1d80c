package org.slidescore.tile.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} in headless mode, driven over the DevTools protocol (JSON over a WebSocket, JDK
 * {@link HttpClient}): navigate, evaluate script, collect events. {@link #close()} always ends the browser and every
 * process it started (killed by PID, children first) and deletes its fresh profile directory.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final Deque<String> output = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.addLast(line);
                        if (output.size() > 40) {
                            output.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the browser is gone
            }
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** Starts the browser on {@code about:blank} and connects to its page. */
    static HeadlessChromium start() throws Exception {
        Path profile = Files.createTempDirectory("tile-viewer-chromium-");
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--window-size=1024,768", "about:blank").redirectErrorStream(true);
        HeadlessChromium chromium = new HeadlessChromium(pb.start(), profile);
        try {
            chromium.connect();
            return chromium;
        } catch (Exception | AssertionError e) {
            chromium.close();
            throw e;
        }
    }

    private void connect() throws Exception {
        // with port 0 the browser writes the port it chose into DevToolsActivePort in its profile directory
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int port = -1;
        while (port < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + output());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("chromium opened no DevTools port within 90 s: " + output());
            }
            List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
            if (!lines.isEmpty() && lines.get(0).matches("[0-9]+")) {
                port = Integer.parseInt(lines.get(0));
            } else {
                Thread.sleep(100);
            }
        }
        String pageSocket = null;
        while (pageSocket == null) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .timeout(CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText())) {
                    pageSocket = target.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageSocket == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromium shows no page target: " + list.body());
                }
                Thread.sleep(100);
            }
        }
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(pageSocket), new Listener()).get(60, TimeUnit.SECONDS);
    }

    /** Sends a DevTools command and waits for its result (an error answer throws). */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (this) {
            socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        }
        JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Evaluates {@code expression} in the page and returns its value (JSON). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Every event received so far with that method name. */
    List<JsonNode> events(String method) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (method.equals(e.path("method").asText())) {
                out.add(e.path("params"));
            }
        }
        return out;
    }

    /** The browser's last lines of output, for failure messages. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        // children first (renderer, GPU, zygotes), then the browser itself
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        for (ProcessHandle p : all) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("chromium process " + p.pid() + " did not end", e);
            }
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode node = JSON.readTree(message);
                    if (node.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
                        if (f != null) {
                            f.complete(node);
                        }
                    } else {
                        events.add(node);
                    }
                } catch (IOException e) {
                    events.add(JSON.createObjectNode().put("method", "unparsable").put("text", message));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("DevTools closed: " + reason)));
            return null;
        }
    }
}
