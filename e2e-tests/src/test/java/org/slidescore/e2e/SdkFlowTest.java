package org.slidescore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole platform as a Python SDK user drives it: {@code deploy/local/run.sh} starts PostgreSQL, a Kafka broker and
 * the six packaged services on ports and a state directory of their own; every call goes through the gateway shaped
 * exactly as the SDK ({@code requests} + {@code tuspy}) sends it: HTTP/1.1, {@code Accept: application/json} and
 * {@code Authorization: Bearer} on every API call (binary ones too), GET parameters as a form body with an empty query
 * string, POST parameters as a form body, tus creation with only {@code uploadtoken}/{@code apitoken} metadata and
 * PATCHes of at most 10,000,000 bytes. Mail goes to a real SMTP server (GreenMail) in this JVM; one more upload goes
 * through tus-js-client 4.3.1 under Node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SdkFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code requests} speaks HTTP/1.1; the JDK client would otherwise try an h2c upgrade. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int TUS_CHUNK = 10 * 1000 * 1000;   // tuspy's chunk_size in the SDK
    private static final String STUDY = "E2EFlow";
    private static final String USER = "e2e-scorer@example.com";
    private static final String TUS_JS = "tus-js-client@4.3.1";
    private static final Path NODE_DIR = Path.of("target", "tus-js");

    private static LocalRun run;
    private static GreenMail smtp;
    private static CompletableFuture<Path> tusJs;
    private static String gateway;
    private static Path testImage;
    private static Path testPng;

    // filled as the flow goes
    private static String token;
    private static long studyId;
    private static long imageId;
    private static JsonNode metadata;

    @BeforeAll
    static void startThePlatform() throws Exception {
        Path root = Path.of(System.getProperty("slidescore.root", "..")).toAbsolutePath().normalize();
        Path testdata = root.resolve("../shared/testdata").normalize();
        testImage = testdata.resolve("test-image.TiFF");
        testPng = testdata.resolve("slide.png");
        assertTrue(Files.isRegularFile(testImage), "missing " + testImage + " (shared/ beside the repository)");
        assertTrue(Files.isRegularFile(testPng), "missing " + testPng);

        // npm works while the services start
        tusJs = CompletableFuture.supplyAsync(SdkFlowTest::installTusJs);

        smtp = new GreenMail(new ServerSetup(LocalRun.freePorts(1), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        Path state = Path.of(System.getProperty("slidescore.e2e.state", "target/e2e-state"))
                .resolveSibling("e2e-flow-state");
        run = new LocalRun(snapshotOfThePackagedServices(root, state.resolveSibling("e2e-flow-root")), state)
                .withEnv("SMTP_HOST", "127.0.0.1")
                .withEnv("SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()))
                .withEnv("SMTP_START_TLS", "DISABLED");
        if (Files.isDirectory(run.state.resolve("pids"))) {
            run.run(120, "stop");   // left over from an interrupted earlier run
        }
        deleteTree(run.state);
        reuseToolsOfAnotherState(run.state);
        LocalRun.Result started = run.run(600, "start");
        assertEquals(0, started.exitCode(), "run.sh failed:\n" + started.output());
        gateway = run.url("gateway");
    }

    @AfterAll
    static void stopThePlatform() {
        try {
            if (run != null && Files.isDirectory(run.state.resolve("pids"))) {
                run.run(120, "stop");
            }
        } finally {
            if (smtp != null) {
                smtp.stop();
            }
        }
    }

    @Test
    @Order(1)
    void adminCreatesAToken() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + run.readState("admin-password"))
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "e2e-sdk");
        for (String right : List.of("CanUpload", "CanCreateUploadFolders", "CanUploadScores", "CanGetConfig",
                "CanGetPixels", "CanReimportStudies", "CanGetScores", "CanGetAnyScores", "CanCreateStudies",
                "CanDeleteOwnedStudies")) {
            form.put(right, "true");
        }
        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(URI.create(gateway + "/Admin/CreateToken"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
        assertEquals(200, created.statusCode(), text(created));
        token = JSON.readTree(created.body()).path("token").asText();
        assertFalse(token.isBlank(), text(created));
    }

    @Test
    @Order(2)
    void studyFilesAndSlideUploadWithRequestUploadTusAndFinishUpload() throws Exception {
        // the SDK uploads study configuration files into the root (folder '') and slides into the study's folder
        uploadBytes("", "study." + STUDY + ".emails", (USER + ";canscore,cangetresults\n")
                .getBytes(StandardCharsets.UTF_8));
        uploadBytes("", "study." + STUDY + ".scores", String.join("\n",
                "Test question\tFreeText",
                "Annotate shape\tAnnoShapes\t#FF0000",
                "Test anno\tAnnoShapes\t#e6194b") .getBytes(StandardCharsets.UTF_8));
        uploadBytes(STUDY, "test-image.TiFF", Files.readAllBytes(testImage));

        Path stored = run.state.resolve("images").resolve(STUDY).resolve("test-image.TiFF");
        assertArrayEquals(Files.readAllBytes(testImage), Files.readAllBytes(stored));
    }

    @Test
    @Order(3)
    void reimportThenStudiesAndImagesShowTheSlide() throws Exception {
        HttpResponse<byte[]> reimport = post("Reimport", Map.of("studyName", STUDY));
        JsonNode result = json(reimport);
        assertTrue(result.path("success").asBoolean(), text(reimport));
        studyId = result.path("id").asLong();
        assertTrue(studyId > 0, text(reimport));

        JsonNode studies = json(get("Studies", Map.of()));
        assertTrue(studies.isArray(), studies.toString());
        assertTrue(stream(studies).anyMatch(s -> s.path("id").asLong() == studyId
                && STUDY.equals(s.path("name").asText())), studies.toString());

        JsonNode images = json(get("Images", Map.of("studyid", String.valueOf(studyId))));
        JsonNode image = stream(images).filter(i -> "test-image".equals(i.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("test-image not among " + images));
        imageId = image.path("id").asLong();
        assertEquals(Files.size(testImage), image.path("fileSize").asLong(), image.toString());
    }

    @Test
    @Order(4)
    void imageMetadataAndDeepZoomTilesOfTheDeepestLevel() throws Exception {
        // tile-service learns the image from study-service's event or a read-through: allow it a moment
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode answer = json(get("GetImageMetadata", Map.of("imageid", String.valueOf(imageId))));
            assertTrue(answer.path("success").asBoolean(), answer.toString());
            metadata = answer.path("metadata");
        });
        assertEquals(501, metadata.path("level0Width").asInt(), metadata.toString());
        assertEquals(465, metadata.path("level0Height").asInt(), metadata.toString());
        assertTrue(metadata.path("levelHeights").isArray(), metadata.toString());
        int tileSize = metadata.path("osdTileSize").asInt();
        assertTrue(tileSize > 0, metadata.toString());

        JsonNode server = json(get("GetTileServer", Map.of("imageid", String.valueOf(imageId))));
        String cookie = server.path("cookiePart").asText();
        String urlPart = server.path("urlPart").asText();
        assertFalse(cookie.isBlank() || urlPart.isBlank(), server.toString());
        assertTrue(server.has("expiresOn"), server.toString());

        int maxLevel = (int) Math.ceil(Math.log(501) / Math.log(2));
        int cols = (501 + tileSize - 1) / tileSize;
        int rows = (465 + tileSize - 1) / tileSize;
        String base = gateway + "/i/" + imageId + "/" + urlPart + "/i_files/" + maxLevel + "/";
        for (String tile : List.of("0_0", (cols - 1) + "_" + (rows - 1))) {
            HttpResponse<byte[]> r = tile(base + tile + ".jpeg", cookie);
            assertEquals(200, r.statusCode(), tile + ": " + text(r));
            assertTrue(isJpeg(r.body()), tile + " is not a JPEG");
        }
        assertNotEquals(200, tile(base + cols + "_" + (rows - 1) + ".jpeg", cookie).statusCode(),
                "a tile one column past the end");
        assertNotEquals(200, tile(base + (cols - 1) + "_" + rows + ".jpeg", cookie).statusCode(),
                "a tile one row past the end");
    }

    @Test
    @Order(5)
    void rawTile() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("studyid", String.valueOf(studyId));
        params.put("imageId", String.valueOf(imageId));
        params.put("level", "0");
        params.put("x", "50");
        params.put("y", "50");
        params.put("width", "250");
        params.put("height", "250");
        params.put("jpegQuality", "9");
        HttpResponse<byte[]> raw = get("GetRawTile", params);
        assertEquals(200, raw.statusCode());
        assertTrue(isJpeg(raw.body()), "not a JPEG: " + text(raw));
        assertTrue(new String(raw.body(), StandardCharsets.ISO_8859_1).contains("JFIF"));
    }

    @Test
    @Order(6)
    void uploadedResultsComeBackAsIdenticalRows() throws Exception {
        List<String> rows = List.of(
                imageId + "\ttest-image\t" + USER + "\tTest question\tA free text answer",
                imageId + "\ttest-image\t" + USER + "\tAnnotate shape\t"
                        + "[{\"type\":\"polygon\",\"points\":[{\"x\":60,\"y\":60},{\"x\":300,\"y\":80},"
                        + "{\"x\":200,\"y\":350}]}]");
        // the SDK sends "\n" + "\n".join(rows)
        JsonNode uploaded = json(post("UploadResults", Map.of("studyid", String.valueOf(studyId),
                "results", "\n" + String.join("\n", rows))));
        assertTrue(uploaded.path("success").asBoolean(), uploaded.toString());

        JsonNode scores = json(get("Scores", Map.of("studyid", String.valueOf(studyId))));
        assertTrue(scores.isArray(), scores.toString());
        List<String> back = stream(scores).map(s -> String.join("\t", s.path("imageID").asText(),
                s.path("imageName").asText(), s.path("user").asText(), s.path("question").asText(),
                s.path("answer").asText())).sorted().toList();
        assertEquals(rows.stream().sorted().toList(), back);
        for (JsonNode s : scores) {
            assertFalse(s.has("tmaRow"), "TMA keys on a non-TMA row: " + s);
        }
    }

    @Test
    @Order(7)
    void asapAnnotationsUploadAndExport() throws Exception {
        String asap = "<ASAP_Annotations><Annotations>"
                + "<Annotation Name=\"Annotation 0\" Type=\"Polygon\" PartOfGroup=\"red\" Color=\"#e6194b\">"
                + "<Coordinates><Coordinate Order=\"0\" X=\"40\" Y=\"40\" /><Coordinate Order=\"1\" X=\"420\" Y=\"40\" />"
                + "<Coordinate Order=\"2\" X=\"420\" Y=\"400\" /><Coordinate Order=\"3\" X=\"40\" Y=\"400\" />"
                + "</Coordinates></Annotation></Annotations></ASAP_Annotations>";
        Map<String, String> params = new LinkedHashMap<>();
        params.put("imageid", String.valueOf(imageId));
        params.put("user", USER);
        params.put("asapAnnotation", asap);
        params.put("questionsMap", "#e6194b;Test anno");
        params.put("annotationName", "e2e");
        JsonNode uploaded = json(post("UploadASAPAnnotations", params));
        assertTrue(uploaded.path("success").asBoolean(), uploaded.toString());

        HttpResponse<byte[]> exported = get("ExportASAPAnnotations", Map.of("imageid", String.valueOf(imageId),
                "user", USER, "question", "Test anno"));
        String xml = text(exported);
        assertEquals(200, exported.statusCode(), xml);
        assertTrue(xml.startsWith("<"), xml);
        assertTrue(xml.contains("Polygon") && xml.contains("420"), xml);
    }

    @Test
    @Order(8)
    void screenshotWithAnnotations() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("imageid", String.valueOf(imageId));
        params.put("level", "9");
        params.put("withAnnotationForUser", USER);
        params.put("question", "Test anno");
        HttpResponse<byte[]> annotated = get("GetScreenshot", params);
        assertEquals(200, annotated.statusCode(), text(annotated));
        assertTrue(isJpeg(annotated.body()), text(annotated));
        assertTrue(annotated.body().length > 1024, "only " + annotated.body().length + " bytes");

        HttpResponse<byte[]> plain = get("GetScreenshot", Map.of("imageid", String.valueOf(imageId), "level", "9"));
        assertEquals(200, plain.statusCode(), text(plain));
        assertFalse(Arrays.equals(plain.body(), annotated.body()), "the annotations are not drawn");
    }

    @Test
    @Order(9)
    void anno2CreatedUploadedAndFinished() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("studyId", String.valueOf(studyId));
        params.put("imageId", String.valueOf(imageId));
        params.put("question", "Annotate shape");
        params.put("email", USER);
        JsonNode created = json(post("CreateAnno2", params));
        assertTrue(created.path("success").asBoolean(), created.toString());
        String uploadToken = created.path("uploadToken").asText();
        String uuid = created.path("annoUUID").asText();
        assertFalse(uploadToken.isBlank() || uuid.isBlank(), created.toString());

        // the SDK's upload_using_token: tus with the anno2 upload token, then FinishUpload
        String fileId = tusUpload(anno2Zip(), uploadToken);
        HttpResponse<byte[]> finished = post("FinishUpload", Map.of("id", fileId, "token", uploadToken));
        assertEquals("\"OK\"", text(finished));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode scores = json(get("Scores", Map.of("studyid", String.valueOf(studyId),
                    "question", "Annotate shape")));
            assertTrue(stream(scores).anyMatch(s -> s.path("answer").asText().contains(uuid)), scores.toString());
        });
    }

    @Test
    @Order(10)
    void downloadSlide() throws Exception {
        HttpResponse<byte[]> download = get("DownloadSlide", Map.of("studyid", String.valueOf(studyId),
                "imageid", String.valueOf(imageId)));
        assertEquals(200, download.statusCode(), text(download));
        String disposition = download.headers().firstValue("Content-Disposition").orElse("");
        assertTrue(disposition.matches("(?s).*filename=\"?test-image.*"), disposition);
        assertArrayEquals(Files.readAllBytes(testImage), download.body());
    }

    @Test
    @Order(11)
    void sendEmailReachesTheSmtpServer() throws Exception {
        String subject = "E2E study mail " + System.nanoTime();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("studyId", String.valueOf(studyId));
        params.put("to", USER);
        params.put("subject", subject);
        params.put("body", "Please score the slides: <LINK:Start Scoring>");
        HttpResponse<byte[]> sent = post("SendEmail", params);
        assertEquals("{}", text(sent));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> subjectOf(m).equals(subject)));
        MimeMessage mail = Arrays.stream(smtp.getReceivedMessages()).filter(m -> subjectOf(m).equals(subject))
                .findFirst().orElseThrow();
        assertEquals(USER, mail.getAllRecipients()[0].toString());
        assertEquals(1, Arrays.stream(smtp.getReceivedMessages()).filter(m -> subjectOf(m).equals(subject)).count());
    }

    @Test
    @Order(12)
    void tusJsClientUploadsThroughTheGateway() throws Exception {
        Path script = tusJs.get(300, TimeUnit.SECONDS);
        String uploadToken = requestUpload("js-client", "slide.png");
        List<String> out = node(script, gateway + "/files/", testPng.toString(), uploadToken, token);
        String url = out.stream().filter(l -> l.startsWith("URL ")).findFirst()
                .orElseThrow(() -> new AssertionError("no upload URL in " + out)).substring(4);
        String fileId = url.substring(url.lastIndexOf('/') + 1);
        assertEquals("\"OK\"", text(post("FinishUpload", Map.of("id", fileId, "token", uploadToken))));
        assertEquals(sha256(Files.readAllBytes(testPng)),
                sha256(Files.readAllBytes(run.state.resolve("images/js-client/slide.png"))));
    }

    @Test
    @Order(13)
    void swaggerPageAndDocument() throws Exception {
        HttpResponse<byte[]> page = send(HttpRequest.newBuilder(URI.create(gateway + "/swagger")).GET());
        assertEquals(200, page.statusCode(), text(page));
        HttpResponse<byte[]> doc = send(HttpRequest.newBuilder(URI.create(gateway + "/swagger/v1/swagger.json"))
                .header("Accept", "application/json").GET());
        assertEquals(200, doc.statusCode(), text(doc));
        JsonNode openapi = JSON.readTree(doc.body());
        assertTrue(openapi.has("openapi") && openapi.has("info") && openapi.has("paths"), text(doc));
        assertTrue(openapi.path("paths").size() > 10, "only " + openapi.path("paths").size() + " paths");
    }

    @Test
    @Order(14)
    void givenUpTokenIsRefused() throws Exception {
        HttpResponse<byte[]> given = post("GiveUpToken", Map.of());
        assertEquals(200, given.statusCode(), text(given));
        assertEquals("{}", text(given));

        HttpResponse<byte[]> after = get("Studies", Map.of());
        assertEquals(401, after.statusCode(), text(after));
    }

    // ------------------------------------------------------------------ requests as the SDK sends them

    private static HttpResponse<byte[]> get(String method, Map<String, String> params) {
        return api(method, "GET", params);
    }

    private static HttpResponse<byte[]> post(String method, Map<String, String> params) {
        return api(method, "POST", params);
    }

    /** {@code requests.get/post(url, data=params, headers=...)}: form body, empty query string. */
    private static HttpResponse<byte[]> api(String method, String verb, Map<String, String> params) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/Api/" + method))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", "python-requests/2.32.3")
                .header("Accept-Encoding", "gzip, deflate");
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

    private static HttpResponse<byte[]> tile(String url, String cookie) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "t=" + cookie)
                .header("User-Agent", "python-requests/2.32.3").GET());
    }

    private static String requestUpload(String folder, String filename) throws IOException {
        HttpResponse<byte[]> r = post("RequestUpload", Map.of("filename", filename, "folder", folder));
        String body = text(r);
        assertEquals(200, r.statusCode(), body);
        assertFalse(body.startsWith("\""), "RequestUpload refused: " + body);
        return JSON.readTree(body).path("token").asText();
    }

    /** SDK {@code upload_file}: RequestUpload, tus, FinishUpload. */
    private static void uploadBytes(String folder, String filename, byte[] content) throws IOException {
        String uploadToken = requestUpload(folder, filename);
        String fileId = tusUpload(content, uploadToken);
        HttpResponse<byte[]> finished = post("FinishUpload", Map.of("id", fileId, "token", uploadToken));
        assertEquals(200, finished.statusCode());
        assertEquals("\"OK\"", text(finished), "FinishUpload of " + folder + "/" + filename);
    }

    /** tuspy: POST /files/ with only the two tokens as metadata, then PATCHes of at most 10,000,000 bytes. */
    private static String tusUpload(byte[] content, String uploadToken) {
        URI creation = URI.create(gateway + "/files/");
        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(creation)
                .header("Tus-Resumable", "1.0.0")
                .header("upload-length", Integer.toString(content.length))
                .header("upload-metadata", "uploadtoken " + b64(uploadToken) + ",apitoken " + b64(token))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, created.statusCode(), text(created));
        URI uploadUrl = creation.resolve(created.headers().firstValue("Location").orElseThrow());
        for (int offset = 0; offset < content.length; offset += TUS_CHUNK) {
            byte[] body = Arrays.copyOfRange(content, offset, Math.min(content.length, offset + TUS_CHUNK));
            HttpResponse<byte[]> patched = send(HttpRequest.newBuilder(uploadUrl)
                    .header("upload-offset", Integer.toString(offset))
                    .header("Content-Type", "application/offset+octet-stream")
                    .header("Tus-Resumable", "1.0.0")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)));
            assertEquals(204, patched.statusCode(), text(patched));
            assertEquals(Integer.toString(offset + body.length),
                    patched.headers().firstValue("Upload-Offset").orElseThrow());
        }
        String path = uploadUrl.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
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
        public java.util.Optional<HttpResponse<byte[]>> previousResponse() {
            return raw.previousResponse();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
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

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        assertEquals(200, r.statusCode(), r.request().uri() + ": " + text(r));
        return JSON.readTree(r.body());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list.stream();
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A stored (uncompressed) ZIP like the SDK's anno2 Encoder writes, with its system metadata. */
    private static byte[] anno2Zip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, "system_metadata.json", "{\"version\": \"0.2.0\", \"type\": \"polygons\", \"numItems\": 1}");
            stored(zip, "user_metadata.json", "{\"source\": \"e2e\"}");
        }
        return out.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    // ------------------------------------------------------------------ tus-js-client under Node

    /** npm install of tus-js-client into target/ (once), as upload-service's RealClientsTest does. */
    private static Path installTusJs() {
        try {
            Files.createDirectories(NODE_DIR);
            if (!Files.isDirectory(NODE_DIR.resolve("node_modules/tus-js-client"))) {
                Files.writeString(NODE_DIR.resolve("package.json"), "{\"name\":\"tus-js-e2e\",\"private\":true}");
                Process npm;
                try {
                    npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", TUS_JS)
                            .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
                } catch (IOException e) {
                    throw new AssertionError("npm is needed to install " + TUS_JS + " for this test: " + e);
                }
                boolean done = npm.waitFor(240, TimeUnit.SECONDS);
                String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!done || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new AssertionError("npm install " + TUS_JS + " failed (is the npm registry reachable?):\n"
                            + out);
                }
            }
            Path script = NODE_DIR.resolve("upload.cjs");
            try (InputStream in = SdkFlowTest.class.getResourceAsStream("/tus-js/upload.cjs")) {
                Files.write(script, in.readAllBytes());
            }
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> node(Path script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script.getFileName().toString()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            fail("tus-js-client did not finish in time:\n" + out);
        }
        assertEquals(0, p.exitValue(), "tus-js-client failed:\n" + out);
        return out.lines().toList();
    }

    // ------------------------------------------------------------------ state directory

    /**
     * run.sh fetches the broker's and PostgreSQL's jars with Maven into its state directory; a state directory of
     * LocalRunTest that already has them saves those Maven calls (the content is the same).
     */
    private static void reuseToolsOfAnotherState(Path state) throws IOException {
        Path other = Path.of(System.getProperty("slidescore.e2e.state", "target/e2e-state")).toAbsolutePath()
                .resolve("tools");
        for (String dir : List.of("lib", "kafka-libs")) {
            Path from = other.resolve(dir);
            if (Files.isRegularFile(from.resolve(".complete"))) {
                Path to = state.resolve("tools").resolve(dir);
                Files.createDirectories(to);
                try (Stream<Path> files = Files.list(from)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
        }
    }

    /**
     * A private root with {@code deploy/local} and every service's {@code target/quarkus-app}, hard-linked where the
     * file system allows (else copied): a module rebuilt while the suite runs (the jars are deleted and written anew)
     * cannot pull classes from under a running service, and the run uses exactly the jars it started with.
     */
    private static Path snapshotOfThePackagedServices(Path root, Path snapshot) throws IOException {
        deleteTree(snapshot);
        List<Path> trees = new ArrayList<>();
        trees.add(Path.of("deploy", "local", "run.sh"));   // not deploy/local/.state*: a developer's local runs
        trees.add(Path.of("deploy", "local", "tools"));
        for (String module : LocalRun.MODULES) {
            Path app = Path.of(module, "target", "quarkus-app");
            assertTrue(Files.isRegularFile(root.resolve(app).resolve("quarkus-run.jar")),
                    "package the services first: missing " + root.resolve(app).resolve("quarkus-run.jar"));
            trees.add(app);
        }
        for (Path tree : trees) {
            Path from = root.resolve(tree);
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path p : paths.toList()) {
                    Path to = snapshot.resolve(tree).resolve(from.relativize(p));
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else if (tree.startsWith("deploy")) {
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to);
                    } else {
                        try {
                            Files.createLink(to, p);
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(p, to);
                        }
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                throw new AssertionError("a service was being rebuilt while its files were linked: " + e.getFile());
            }
        }
        return snapshot;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
