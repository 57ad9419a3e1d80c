package org.slidescore.gateway;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.TestTokens;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing and streaming through the real gateway to a real downstream HTTP server. */
@QuarkusTest
@GatewayTest
class ProxyTest {
    @TestHTTPResource("/")
    URL gateway;

    private static String bearer() {
        return TestTokens.bearer(TestTokens.all());
    }

    @Test
    void everyRoutedMethodReachesItsServiceWithCanonicalCasing() {
        Map<String, String> cases = Map.of(
                "/Api/Studies", "/Api/Studies",
                "/api/images", "/Api/Images",
                "/API/GETIMAGEMETADATA", "/Api/GetImageMetadata",
                "/Api/requestupload", "/Api/RequestUpload",
                "/Api/Scores", "/Api/Scores");
        cases.forEach((sent, expected) -> given().header("Authorization", bearer()).when().get(sent)
                .then().statusCode(200).header("X-Downstream", "yes").body("path", equalTo(expected)));
    }

    @Test
    void unknownMethodsAre404() {
        given().header("Authorization", bearer()).when().get("/Api/NoSuchCall").then().statusCode(404)
                .body(containsString("Unknown API method"));
        given().header("Authorization", bearer()).when().get("/Api/").then().statusCode(404);
        given().header("Authorization", bearer()).when().get("/Api/Studies/extra").then().statusCode(404);
    }

    @Test
    void filesTilesAndViewerGoToTheirServices() {
        for (String p : new String[]{"/files", "/files/", "/files/abc123", "/i/7/tok/i_files/3/0_0.jpeg",
                "/Image/Details"}) {
            given().when().get(p).then().statusCode(200).header("X-Downstream", "yes").body("path", equalTo(p));
        }
        given().queryParam("imageId", "3").queryParam("studyId", "4").when().get("/image/details")
                .then().statusCode(200).body("path", equalTo("/Image/details")).body("query", equalTo("imageId=3&studyId=4"));
        // /filesX is not /files
        given().when().get("/filesX").then().statusCode(404);
    }

    @Test
    void tusRequestsPassWithTheirHeadersAndNoAuthorization() {
        given().header("Tus-Resumable", "1.0.0").header("Upload-Length", "10")
                .header("Upload-Metadata", "uploadtoken dG9r,apitoken YXBp").when().post("/files/")
                .then().statusCode(200).body("method", equalTo("POST"))
                .body("headers.tus-resumable", equalTo("1.0.0"))
                .body("headers.upload-metadata", equalTo("uploadtoken dG9r,apitoken YXBp"));
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
                .contentType("application/offset+octet-stream").body(new byte[10])
                .when().patch("/files/xyz").then().statusCode(200).body("method", equalTo("PATCH"))
                .body("bodyLength", equalTo(10));
    }

    @Test
    void requestIdIsGeneratedOrKeptAndForwardedHeadersAreSet() {
        Response r = given().header("Authorization", bearer()).when().get("/Api/Studies");
        String generated = r.header("X-Request-Id");
        assertTrue(generated != null && !generated.isBlank());
        assertEquals(generated, r.jsonPath().getString("headers.x-request-id"));
        assertEquals("127.0.0.1", r.jsonPath().getString("headers.x-forwarded-for"));
        assertEquals("http", r.jsonPath().getString("headers.x-forwarded-proto"));
        assertEquals(gateway.getHost() + ":" + gateway.getPort(), r.jsonPath().getString("headers.x-forwarded-host"));
        assertEquals(Integer.toString(gateway.getPort()), r.jsonPath().getString("headers.x-forwarded-port"));

        given().header("Authorization", bearer()).header("X-Request-Id", "req-42").when().get("/Api/Studies")
                .then().header("X-Request-Id", "req-42").body("headers.x-request-id", equalTo("req-42"));
        // the gateway is the edge: what a client claims is replaced (slidescore.gateway.trust-forwarded-headers=false)
        given().header("X-Forwarded-For", "10.1.2.3").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https").when().get("/files/")
                .then().body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.x-forwarded-host", equalTo(gateway.getHost() + ":" + gateway.getPort()))
                .body("headers.x-forwarded-proto", equalTo("http"));
    }

    @Test
    void withTracingOffTheClientsTraceContextPassesThroughUnchanged() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Response r = given().header("Authorization", bearer()).header("traceparent", traceparent)
                .header("tracestate", "vendor=value").when().get("/Api/Studies");
        assertEquals(java.util.List.of(traceparent), r.jsonPath().getList("traceparents", String.class));
        assertEquals("vendor=value", r.jsonPath().getString("headers.tracestate"));
    }

    @Test
    void theTokenIsForwardedWithoutItsSuffix() {
        String jwt = TestTokens.all();
        given().header("Authorization", "Bearer " + jwt + "#expires:2027-06-05T00:00:00").when().get("/Api/Images")
                .then().statusCode(200).body("headers.authorization", equalTo("Bearer " + jwt));
    }

    /** Exactly as the Python SDK sends it: GET, empty query, form body, mixed-case names, Accept: application/json. */
    @Test
    void pythonSdkShapedGetWithFormBody() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create(gateway + "Api/Scores"))
                .header("Accept", "application/json").header("Authorization", bearer())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method("GET", HttpRequest.BodyPublishers.ofString("studyid=3&email=a%40b&imageId=7"))
                .build();
        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        io.restassured.path.json.JsonPath echo = new io.restassured.path.json.JsonPath(r.body());
        assertEquals("GET", echo.getString("method"));
        assertEquals("", echo.getString("query"));
        assertEquals("studyid=3&email=a%40b&imageId=7", echo.getString("bodyHead"));
        assertEquals("application/x-www-form-urlencoded", echo.getString("headers.content-type"));
        assertEquals("application/json", echo.getString("headers.accept"));

        HttpRequest screenshot = HttpRequest.newBuilder(URI.create(gateway + "Api/GetScreenshot"))
                .header("Accept", "application/json").header("Authorization", bearer())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method("GET", HttpRequest.BodyPublishers.ofString("imageid=1&level=11")).build();
        HttpResponse<byte[]> jpeg = http.send(screenshot, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, jpeg.statusCode());
        assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(Downstream.JPEG, jpeg.body());
    }

    /** A generated body of {@code size} bytes (never held in memory whole). */
    private static InputStream pattern(long size) {
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                return pos < size ? (int) ((pos++ * 31 + 7) % 253) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((pos++ * 31 + 7) % 253);
                }
                return n;
            }
        };
    }

    @Test
    void largeBodiesStreamBothWays() throws Exception {
        long size = 64L * 1024 * 1024;
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = pattern(size)) {
            byte[] buf = new byte[65536];
            int k;
            while ((k = in.read(buf)) > 0) {
                digest.update(buf, 0, k);
            }
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        HttpClient upload = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> patched = upload.send(HttpRequest.newBuilder(URI.create(gateway + "files/big"))
                        .header("Tus-Resumable", "1.0.0").header("Content-Type", "application/offset+octet-stream")
                        .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> pattern(size)), size)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, patched.statusCode());
        io.restassured.path.json.JsonPath echo = new io.restassured.path.json.JsonPath(patched.body());
        assertEquals(size, echo.getLong("bodyLength"));
        assertEquals(sha, echo.getString("bodySha256"));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(gateway + "Api/DownloadSlide?studyid=1&imageid=2"))
                .header("Authorization", bearer()).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("attachment; filename=\"slide.svs\"", r.headers().firstValue("Content-Disposition").orElse(""));
        long n = 0;
        boolean patternOk = true;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[65536];
            int k;
            while ((k = in.read(buf)) > 0) {
                for (int i = 0; i < k; i++) {
                    patternOk &= buf[i] == (byte) ((n + i) % 251);
                }
                n += k;
            }
        }
        assertEquals(Downstream.DOWNLOAD_SIZE, n);
        assertTrue(patternOk, "downloaded bytes differ from what the service sent");
    }

    /**
     * Clients that go away in the middle of a large answer (a cancelled download, a browser dropping tiles while
     * panning): the gateway stops relaying without an error, drops its connection to the service (which sees its
     * answer cut off rather than pulled to the end into nothing), and the next download through it is whole.
     */
    @Test
    void clientsLeavingMidDownloadAreLetGoQuietly() throws Exception {
        java.util.List<java.util.logging.LogRecord> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                        || record.getThrown() != null) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            int before = Downstream.downloadsCutOff.get();
            int clients = 20;
            for (int i = 0; i < clients; i++) {
                try (java.net.Socket socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
                    if (i % 2 == 1) {
                        socket.setSoLinger(true, 0);   // every other one resets the connection instead of closing it
                    }
                    socket.getOutputStream().write(("GET /Api/DownloadSlide?studyid=1&imageid=2 HTTP/1.1\r\n"
                            + "Host: localhost\r\nAuthorization: " + bearer() + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    InputStream in = socket.getInputStream();
                    byte[] buf = new byte[8192];
                    int got = 0;
                    while (got < 256 * 1024) {
                        int k = in.read(buf);
                        assertTrue(k > 0, "the download ended after " + got + " bytes");
                        got += k;
                    }
                }
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> Downstream.downloadsCutOff.get() - before >= clients);
            assertEquals(clients, Downstream.downloadsCutOff.get() - before,
                    "every abandoned download is cut off at the service too");

            HttpResponse<byte[]> whole = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(gateway + "Api/DownloadSlide?studyid=1&imageid=2"))
                    .header("Authorization", bearer()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, whole.statusCode());
            assertEquals(Downstream.DOWNLOAD_SIZE, whole.body().length);
            for (int i = 0; i < whole.body().length; i += 4099) {
                assertEquals((byte) (i % 251), whole.body()[i], "byte " + i);
            }
            Thread.sleep(500);   // anything the aborted relays log comes right after the abort
            assertEquals(java.util.List.of(), errors.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()
                    + (r.getThrown() == null ? "" : " " + r.getThrown())).toList());
        } finally {
            root.removeHandler(capture);
        }
    }

    /** HTTP/1.1 chunked, and HTTP/2 (the JDK client upgrades with h2c), both without Content-Length. */
    @Test
    void bodiesWithoutContentLengthAreForwarded() throws Exception {
        byte[] body = "results=".concat("x".repeat(100_000)).getBytes();
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpClient http = HttpClient.newBuilder().version(version).build();
            for (int i = 0; i < 2; i++) { // the second request of HTTP/2 runs on the upgraded connection
                HttpRequest post = HttpRequest.newBuilder(URI.create(gateway + "Api/UploadResults"))
                        .header("Authorization", bearer()).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                        .build();
                HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), version.name());
                assertEquals(body.length, new io.restassured.path.json.JsonPath(r.body()).getInt("bodyLength"),
                        version.name() + " request " + i);
            }
        }
    }

    @Test
    void http2RequestsWithoutBodyPass() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) { // the first upgrades the connection (h2c), the others are HTTP/2 streams
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway + "Api/Images?studyid=" + i))
                    .header("Authorization", bearer()).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            io.restassured.path.json.JsonPath echo = new io.restassured.path.json.JsonPath(r.body());
            assertEquals("GET", echo.getString("method"));
            assertEquals("studyid=" + i, echo.getString("query"));
            assertEquals(0, echo.getInt("bodyLength"));
        }
    }

    @Test
    void aServiceThatIsDownGives503Quickly() {
        given().header("Authorization", bearer()).formParam("studyId", "1").when().post("/Api/SendEmail")
                .then().statusCode(503).header("Retry-After", "5")
                .body(equalTo("The notification service is unavailable; try again later"))
                .header("X-Request-Id", not(emptyOrNullString()));
    }

    @Test
    void gatewayOwnPathsAreNotProxied() {
        given().when().get("/q/health/live").then().statusCode(200).header("X-Downstream", (String) null);
        given().when().get("/nothing-here").then().statusCode(404);
    }
}
