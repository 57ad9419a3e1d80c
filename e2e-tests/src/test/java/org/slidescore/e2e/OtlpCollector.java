package org.slidescore.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * The smallest OpenTelemetry collector the services can export to: OTLP over HTTP with protobuf bodies
 * ({@code POST /v1/traces}, {@code ExportTraceServiceRequest}), decoded by hand for the few fields a test needs: the
 * exporting service ({@code service.name} of the resource), trace id, span id, parent span id, name, kind and the
 * string attributes of every span. Point a service at it with {@code OTEL_SDK_DISABLED=false},
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT=<url()>} and {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf}.
 */
final class OtlpCollector implements AutoCloseable {
    /** OTLP's {@code Span.SpanKind}. */
    static final int SERVER = 2;
    static final int CLIENT = 3;
    static final int PRODUCER = 4;
    static final int CONSUMER = 5;

    record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
                Map<String, String> attributes) {
        /** The name and every string attribute, for matching on a topic or a route. */
        String describe() {
            return name + " " + attributes;
        }
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    OtlpCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Span> ofTrace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** Requests it could not take (wrong path, not protobuf, undecodable): a test reports them when it fails. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/v1/traces")
                    || !type.startsWith("application/x-protobuf")) {
                problems.add(exchange.getRequestMethod() + " " + path + " " + type);
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            try {
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        body = in.readAllBytes();
                    }
                }
                spans.addAll(exportRequest(body));
            } catch (RuntimeException e) {
                problems.add("undecodable export request: " + e);
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    // ------------------------------------------------------------------ protobuf, the fields used here

    /** {@code ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }} */
    static List<Span> exportRequest(byte[] message) {
        List<Span> out = new ArrayList<>();
        for (Field f : fields(message)) {
            if (f.number == 1) {
                resourceSpans(f.bytes, out);
            }
        }
        return out;
    }

    /** {@code ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }} */
    private static void resourceSpans(byte[] message, List<Span> out) {
        String service = "";
        List<byte[]> scopes = new ArrayList<>();
        for (Field f : fields(message)) {
            if (f.number == 1) {
                // Resource { repeated KeyValue attributes = 1; }
                service = attributes(f.bytes, 1).getOrDefault("service.name", "");
            } else if (f.number == 2) {
                scopes.add(f.bytes);
            }
        }
        for (byte[] scope : scopes) {
            // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
            for (Field f : fields(scope)) {
                if (f.number == 2) {
                    out.add(span(service, f.bytes));
                }
            }
        }
    }

    /**
     * {@code Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5;
     * SpanKind kind = 6; repeated KeyValue attributes = 9; }}
     */
    private static Span span(String service, byte[] message) {
        HexFormat hex = HexFormat.of();
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        for (Field f : fields(message)) {
            switch (f.number) {
                case 1 -> traceId = hex.formatHex(f.bytes);
                case 2 -> spanId = hex.formatHex(f.bytes);
                case 4 -> parent = hex.formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, StandardCharsets.UTF_8);
                case 6 -> kind = (int) f.varint;
                default -> {
                }
            }
        }
        return new Span(service, traceId, spanId, parent, name, kind, attributes(message, 9));
    }

    /** String-valued {@code KeyValue { string key = 1; AnyValue value = 2; }} of field {@code number}. */
    private static Map<String, String> attributes(byte[] message, int number) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Field f : fields(message)) {
            if (f.number != number) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field kv : fields(f.bytes)) {
                if (kv.number == 1) {
                    key = new String(kv.bytes, StandardCharsets.UTF_8);
                } else if (kv.number == 2) {
                    // AnyValue { string string_value = 1; ... }
                    for (Field any : fields(kv.bytes)) {
                        if (any.number == 1 && any.bytes != null) {
                            value = new String(any.bytes, StandardCharsets.UTF_8);
                        }
                    }
                }
            }
            if (key != null && value != null) {
                out.put(key, value);
            }
        }
        return out;
    }

    /** One field of a message: its number and either a varint or the bytes of a length-delimited value. */
    private record Field(int number, long varint, byte[] bytes) {
    }

    private static List<Field> fields(byte[] b) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long key = varint(b, pos);
            int number = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case 0 -> out.add(new Field(number, varint(b, pos), null));
                case 1 -> pos[0] += 8;
                case 2 -> {
                    int length = (int) varint(b, pos);
                    if (length < 0 || pos[0] + length > b.length) {
                        throw new IllegalArgumentException("length " + length + " past the end at " + pos[0]);
                    }
                    byte[] value = new byte[length];
                    System.arraycopy(b, pos[0], value, 0, length);
                    pos[0] += length;
                    out.add(new Field(number, 0, value));
                }
                case 5 -> pos[0] += 4;
                default -> throw new IllegalArgumentException("wire type " + (key & 7) + " at " + pos[0]);
            }
        }
        if (pos[0] != b.length) {
            throw new IllegalArgumentException("a field runs past the end");
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("varint past the end");
            }
            byte next = b[pos[0]++];
            value |= (long) (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }
}
