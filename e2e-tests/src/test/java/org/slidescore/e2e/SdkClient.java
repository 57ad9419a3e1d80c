package org.slidescore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * HTTP shaped exactly as the Python SDK ({@code requests} + {@code tuspy}) sends it, against the gateway: HTTP/1.1,
 * {@code Accept: application/json} and {@code Authorization: Bearer} on every API call (binary ones too), GET
 * parameters as a form body with an empty query string, POST parameters as a form body, tus creation with only
 * {@code uploadtoken}/{@code apitoken} metadata and PATCHes of at most 10,000,000 bytes.
 */
final class SdkClient {
    static final ObjectMapper JSON = new ObjectMapper();
    /** {@code requests} speaks HTTP/1.1; the JDK client would otherwise try an h2c upgrade. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    static final int TUS_CHUNK = 10 * 1000 * 1000;   // tuspy's chunk_size in the SDK
    private static final String USER_AGENT = "python-requests/2.32.3";

    final String gateway;
    String token;
    /**
     * A W3C {@code traceparent} sent on every API and tus request when set (the SDK sends none; a client instrumented
     * with OpenTelemetry would); null by default.
     */
    String traceparent;

    SdkClient(String gateway) {
        this.gateway = gateway;
    }

    /** {@code POST /Admin/CreateToken} with HTTP Basic {@code admin:<password>}; every right, no restriction. */
    String createAdminToken(String adminPassword, String name) throws IOException {
        String basic = Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("name", name);
        for (String right : List.of("CanUpload", "CanCreateUploadFolders", "CanUploadScores", "CanGetConfig",
                "CanGetPixels", "CanReimportStudies", "CanGetScores", "CanGetAnyScores", "CanCreateStudies",
                "CanDeleteOwnedStudies", "CanDownloadSlides")) {
            form.put(right, "true");
        }
        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(URI.create(gateway + "/Admin/CreateToken"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
        assertEquals(200, created.statusCode(), text(created));
        token = JSON.readTree(created.body()).path("token").asText();
        assertFalse(token.isBlank(), text(created));
        return token;
    }

    HttpResponse<byte[]> get(String method, Map<String, String> params) {
        return api(method, "GET", params);
    }

    HttpResponse<byte[]> post(String method, Map<String, String> params) {
        return api(method, "POST", params);
    }

    /** {@code requests.get/post(url, data=params, headers=...)}: form body, empty query string. */
    HttpResponse<byte[]> api(String method, String verb, Map<String, String> params) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/Api/" + method))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", USER_AGENT)
                .header("Accept-Encoding", "gzip, deflate");
        traced(request);
        if (params.isEmpty()) {
            // requests sends no body (and no Content-Type) for an empty data dict
            request.method(verb, verb.equals("POST") ? HttpRequest.BodyPublishers.ofString("")
                    : HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(verb, HttpRequest.BodyPublishers.ofString(form(params)));
        }
        return send(request);
    }

    /** A Deep Zoom tile as the SDK's image server client fetches it: cookie {@code t}, no Authorization. */
    HttpResponse<byte[]> tile(String url, String cookie) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "t=" + cookie)
                .header("User-Agent", USER_AGENT).GET());
    }

    String requestUpload(String folder, String filename) throws IOException {
        HttpResponse<byte[]> r = post("RequestUpload", Map.of("filename", filename, "folder", folder));
        String body = text(r);
        assertEquals(200, r.statusCode(), body);
        assertFalse(body.startsWith("\""), "RequestUpload refused: " + body);
        return JSON.readTree(body).path("token").asText();
    }

    /** SDK {@code upload_file}: RequestUpload, tus, FinishUpload. */
    void uploadBytes(String folder, String filename, byte[] content) throws IOException {
        String uploadToken = requestUpload(folder, filename);
        String fileId = tusUpload(content, uploadToken);
        HttpResponse<byte[]> finished = post("FinishUpload", Map.of("id", fileId, "token", uploadToken));
        assertEquals(200, finished.statusCode());
        assertEquals("\"OK\"", text(finished), "FinishUpload of " + folder + "/" + filename);
    }

    /**
     * tuspy: POST /files/ with only the two tokens as metadata, then PATCHes of at most 10,000,000 bytes.
     * Returns the upload id (the last segment of {@code Location}) and the number of PATCHes in {@code patches[0]}.
     */
    String tusUpload(byte[] content, String uploadToken, int... patches) {
        URI creation = URI.create(gateway + "/files/");
        HttpResponse<byte[]> created = send(traced(HttpRequest.newBuilder(creation)
                .header("Tus-Resumable", "1.0.0")
                .header("upload-length", Integer.toString(content.length))
                .header("upload-metadata", "uploadtoken " + b64(uploadToken) + ",apitoken " + b64(token))
                .POST(HttpRequest.BodyPublishers.noBody())));
        assertEquals(201, created.statusCode(), text(created));
        URI uploadUrl = creation.resolve(created.headers().firstValue("Location").orElseThrow());
        int count = 0;
        for (int offset = 0; offset < content.length; offset += TUS_CHUNK) {
            byte[] body = Arrays.copyOfRange(content, offset, Math.min(content.length, offset + TUS_CHUNK));
            HttpResponse<byte[]> patched = send(traced(HttpRequest.newBuilder(uploadUrl)
                    .header("upload-offset", Integer.toString(offset))
                    .header("Content-Type", "application/offset+octet-stream")
                    .header("Tus-Resumable", "1.0.0")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body))));
            assertEquals(204, patched.statusCode(), text(patched));
            assertEquals(Integer.toString(offset + body.length),
                    patched.headers().firstValue("Upload-Offset").orElseThrow());
            count++;
        }
        if (patches.length > 0) {
            patches[0] = count;
        }
        String path = uploadUrl.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private HttpRequest.Builder traced(HttpRequest.Builder request) {
        return traceparent == null ? request : request.header("traceparent", traceparent);
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request.timeout(CALL_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip")) {
                byte[] plain;
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
                    plain = in.readAllBytes();
                }
                return new Decoded(r, plain);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A gzip-encoded answer with its body decoded ({@code requests} decodes for the SDK). */
    private record Decoded(HttpResponse<byte[]> raw, byte[] body) implements HttpResponse<byte[]> {
        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public Optional<HttpResponse<byte[]>> previousResponse() {
            return raw.previousResponse();
        }

        @Override
        public HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public URI uri() {
            return raw.uri();
        }

        @Override
        public HttpClient.Version version() {
            return raw.version();
        }
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        assertEquals(200, r.statusCode(), r.request().uri() + ": " + text(r));
        return JSON.readTree(r.body());
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list.stream();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
