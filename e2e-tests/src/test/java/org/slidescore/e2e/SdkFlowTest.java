package org.slidescore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.slidescore.e2e.SdkClient.JSON;
import static org.slidescore.e2e.SdkClient.isJpeg;
import static org.slidescore.e2e.SdkClient.json;
import static org.slidescore.e2e.SdkClient.send;
import static org.slidescore.e2e.SdkClient.sha256;
import static org.slidescore.e2e.SdkClient.stream;
import static org.slidescore.e2e.SdkClient.text;

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
    private static final String STUDY = "E2EFlow";
    private static final String USER = "e2e-scorer@example.com";
    private static final String TUS_JS = "tus-js-client@4.3.1";
    private static final Path NODE_DIR = Path.of("target", "tus-js");

    private static LocalRun run;
    private static GreenMail smtp;
    private static OtlpCollector traces;
    private static CompletableFuture<Path> tusJs;
    private static SdkClient sdk;
    private static String gateway;
    private static Path testImage;
    private static Path testPng;

    // filled as the flow goes
    private static long studyId;
    private static long imageId;
    private static JsonNode metadata;

    @BeforeAll
    static void startThePlatform() throws Exception {
        testImage = Platform.testdata("test-image.TiFF");
        testPng = Platform.testdata("slide.png");
        // npm works while the services start
        tusJs = CompletableFuture.supplyAsync(SdkFlowTest::installTusJs);
        smtp = new GreenMail(new ServerSetup(LocalRun.freePorts(1), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        // tracing on (it is off by default), exported over OTLP/HTTP to a collector in this JVM
        traces = new OtlpCollector();
        run = Platform.start("e2e-flow", Map.of("SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()), "SMTP_START_TLS", "DISABLED",
                "OTEL_SDK_DISABLED", "false", "OTEL_EXPORTER_OTLP_ENDPOINT", traces.url(),
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"));
        gateway = run.url("gateway");
        sdk = new SdkClient(gateway);
    }

    @AfterAll
    static void stopThePlatform() {
        try {
            Platform.stop(run);
        } finally {
            if (smtp != null) {
                smtp.stop();
            }
            if (traces != null) {
                traces.close();
            }
        }
    }

    @Test
    @Order(1)
    void adminCreatesAToken() throws Exception {
        sdk.createAdminToken(run.readState("admin-password"), "e2e-sdk");
    }

    @Test
    @Order(2)
    void studyFilesAndSlideUploadWithRequestUploadTusAndFinishUpload() throws Exception {
        // the SDK uploads study configuration files into the root (folder '') and slides into the study's folder
        sdk.uploadBytes("", "study." + STUDY + ".emails", (USER + ";canscore,cangetresults\n")
                .getBytes(StandardCharsets.UTF_8));
        sdk.uploadBytes("", "study." + STUDY + ".scores", String.join("\n",
                "Test question\tFreeText",
                "Annotate shape\tAnnoShapes\t#FF0000",
                "Test anno\tAnnoShapes\t#e6194b").getBytes(StandardCharsets.UTF_8));
        sdk.uploadBytes(STUDY, "test-image.TiFF", Files.readAllBytes(testImage));

        Path stored = run.state.resolve("images").resolve(STUDY).resolve("test-image.TiFF");
        assertArrayEquals(Files.readAllBytes(testImage), Files.readAllBytes(stored));
    }

    @Test
    @Order(3)
    void aFileLargerThanOneChunkGoesUpInTenMegabytePatches() throws Exception {
        byte[] content = new byte[2 * SdkClient.TUS_CHUNK + 4321];
        new Random(7).nextBytes(content);
        String uploadToken = sdk.requestUpload("bulk", "three-patches.bin");
        int[] patches = new int[1];
        String fileId = sdk.tusUpload(content, uploadToken, patches);
        assertEquals(3, patches[0]);
        assertEquals("\"OK\"", text(sdk.post("FinishUpload", Map.of("id", fileId, "token", uploadToken))));
        assertEquals(sha256(content), sha256(Files.readAllBytes(run.state.resolve("images/bulk/three-patches.bin"))));
    }

    @Test
    @Order(4)
    void reimportThenStudiesAndImagesShowTheSlide() throws Exception {
        HttpResponse<byte[]> reimport = sdk.post("Reimport", Map.of("studyName", STUDY));
        JsonNode result = json(reimport);
        assertTrue(result.path("success").asBoolean(), text(reimport));
        studyId = result.path("id").asLong();
        assertTrue(studyId > 0, text(reimport));

        JsonNode studies = json(sdk.get("Studies", Map.of()));
        assertTrue(studies.isArray(), studies.toString());
        assertTrue(stream(studies).anyMatch(s -> s.path("id").asLong() == studyId
                && STUDY.equals(s.path("name").asText())), studies.toString());

        JsonNode images = json(sdk.get("Images", Map.of("studyid", String.valueOf(studyId))));
        JsonNode image = stream(images).filter(i -> "test-image".equals(i.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("test-image not among " + images));
        imageId = image.path("id").asLong();
        assertEquals(Files.size(testImage), image.path("fileSize").asLong(), image.toString());
    }

    @Test
    @Order(5)
    void imageMetadataAndDeepZoomTilesOfTheDeepestLevel() throws Exception {
        // tile-service learns the image from study-service's event or a read-through: allow it a moment
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode answer = json(sdk.get("GetImageMetadata", Map.of("imageid", String.valueOf(imageId))));
            assertTrue(answer.path("success").asBoolean(), answer.toString());
            metadata = answer.path("metadata");
        });
        assertEquals(501, metadata.path("level0Width").asInt(), metadata.toString());
        assertEquals(465, metadata.path("level0Height").asInt(), metadata.toString());
        assertTrue(metadata.path("levelHeights").isArray(), metadata.toString());
        int tileSize = metadata.path("osdTileSize").asInt();
        assertTrue(tileSize > 0, metadata.toString());

        JsonNode server = json(sdk.get("GetTileServer", Map.of("imageid", String.valueOf(imageId))));
        String cookie = server.path("cookiePart").asText();
        String urlPart = server.path("urlPart").asText();
        assertFalse(cookie.isBlank() || urlPart.isBlank(), server.toString());
        assertTrue(server.has("expiresOn"), server.toString());

        int maxLevel = (int) Math.ceil(Math.log(501) / Math.log(2));
        int cols = (501 + tileSize - 1) / tileSize;
        int rows = (465 + tileSize - 1) / tileSize;
        String base = gateway + "/i/" + imageId + "/" + urlPart + "/i_files/" + maxLevel + "/";
        for (String tile : List.of("0_0", (cols - 1) + "_" + (rows - 1))) {
            HttpResponse<byte[]> r = sdk.tile(base + tile + ".jpeg", cookie);
            assertEquals(200, r.statusCode(), tile + ": " + text(r));
            assertTrue(isJpeg(r.body()), tile + " is not a JPEG");
        }
        assertNotEquals(200, sdk.tile(base + cols + "_" + (rows - 1) + ".jpeg", cookie).statusCode(),
                "a tile one column past the end");
        assertNotEquals(200, sdk.tile(base + (cols - 1) + "_" + rows + ".jpeg", cookie).statusCode(),
                "a tile one row past the end");
    }

    @Test
    @Order(6)
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
        HttpResponse<byte[]> raw = sdk.get("GetRawTile", params);
        assertEquals(200, raw.statusCode());
        assertTrue(isJpeg(raw.body()), "not a JPEG: " + text(raw));
        assertTrue(new String(raw.body(), StandardCharsets.ISO_8859_1).contains("JFIF"));
    }

    @Test
    @Order(7)
    void uploadedResultsComeBackAsIdenticalRows() throws Exception {
        List<String> rows = List.of(
                imageId + "\ttest-image\t" + USER + "\tTest question\tA free text answer",
                imageId + "\ttest-image\t" + USER + "\tAnnotate shape\t"
                        + "[{\"type\":\"polygon\",\"points\":[{\"x\":60,\"y\":60},{\"x\":300,\"y\":80},"
                        + "{\"x\":200,\"y\":350}]}]");
        // the SDK sends "\n" + "\n".join(rows)
        JsonNode uploaded = json(sdk.post("UploadResults", Map.of("studyid", String.valueOf(studyId),
                "results", "\n" + String.join("\n", rows))));
        assertTrue(uploaded.path("success").asBoolean(), uploaded.toString());

        JsonNode scores = json(sdk.get("Scores", Map.of("studyid", String.valueOf(studyId))));
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
    @Order(8)
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
        JsonNode uploaded = json(sdk.post("UploadASAPAnnotations", params));
        assertTrue(uploaded.path("success").asBoolean(), uploaded.toString());

        HttpResponse<byte[]> exported = sdk.get("ExportASAPAnnotations", Map.of("imageid", String.valueOf(imageId),
                "user", USER, "question", "Test anno"));
        String xml = text(exported);
        assertEquals(200, exported.statusCode(), xml);
        assertTrue(xml.startsWith("<"), xml);
        assertTrue(xml.contains("Polygon") && xml.contains("420"), xml);
    }

    @Test
    @Order(9)
    void screenshotWithAnnotations() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("imageid", String.valueOf(imageId));
        params.put("level", "9");
        params.put("withAnnotationForUser", USER);
        params.put("question", "Test anno");
        HttpResponse<byte[]> annotated = sdk.get("GetScreenshot", params);
        assertEquals(200, annotated.statusCode(), text(annotated));
        assertTrue(isJpeg(annotated.body()), text(annotated));
        assertTrue(annotated.body().length > 1024, "only " + annotated.body().length + " bytes");

        HttpResponse<byte[]> plain = sdk.get("GetScreenshot", Map.of("imageid", String.valueOf(imageId), "level", "9"));
        assertEquals(200, plain.statusCode(), text(plain));
        assertFalse(Arrays.equals(plain.body(), annotated.body()), "the annotations are not drawn");
    }

    @Test
    @Order(10)
    void anno2CreatedUploadedAndFinished() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("studyId", String.valueOf(studyId));
        params.put("imageId", String.valueOf(imageId));
        params.put("question", "Annotate shape");
        params.put("email", USER);
        JsonNode created = json(sdk.post("CreateAnno2", params));
        assertTrue(created.path("success").asBoolean(), created.toString());
        String uploadToken = created.path("uploadToken").asText();
        String uuid = created.path("annoUUID").asText();
        assertFalse(uploadToken.isBlank() || uuid.isBlank(), created.toString());

        // the SDK's upload_using_token: tus with the anno2 upload token, then FinishUpload
        byte[] zip = anno2Zip();
        String fileId = sdk.tusUpload(zip, uploadToken);
        HttpResponse<byte[]> finished = sdk.post("FinishUpload", Map.of("id", fileId, "token", uploadToken));
        assertEquals("\"OK\"", text(finished));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode scores = json(sdk.get("Scores", Map.of("studyid", String.valueOf(studyId),
                    "question", "Annotate shape")));
            assertTrue(stream(scores).anyMatch(s -> s.path("answer").asText().contains(uuid)), scores.toString());
        });

        // GetAnno2 serves the uploaded bytes back through the gateway
        HttpResponse<byte[]> served = sdk.get("GetAnno2", Map.of("annoUUID", uuid));
        assertEquals(200, served.statusCode(), text(served));
        assertEquals("application/zip", served.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(zip, served.body());
        HttpResponse<byte[]> unknown = sdk.get("GetAnno2", Map.of("annoUUID", java.util.UUID.randomUUID().toString()));
        assertEquals(404, unknown.statusCode(), text(unknown));
        assertFalse(JSON.readTree(unknown.body()).path("success").asBoolean(true), text(unknown));
    }

    @Test
    @Order(10)
    void anAnnotationAnswerConvertedToAnno2() throws Exception {
        // the ASAP polygon stored under "Test anno" (step 8), by its score value id as the SDK's examples do
        JsonNode before = json(sdk.get("Scores", Map.of("studyid", String.valueOf(studyId), "question", "Test anno")));
        assertEquals(1, before.size(), before.toString());
        long scoreValueId = before.get(0).path("id").asLong();
        JsonNode converted = json(sdk.post("ConvertScoreValueToAnno2", Map.of("scoreValueId",
                String.valueOf(scoreValueId), "metadata", "{\"description\": \"e2e\"}")));
        assertTrue(converted.path("success").asBoolean(), converted.toString());
        String uuid = converted.path("annoUUID").asText();
        JsonNode after = json(sdk.get("Scores", Map.of("studyid", String.valueOf(studyId), "question", "Test anno")));
        assertEquals("anno2:" + uuid, after.get(0).path("answer").asText(), after.toString());
        assertEquals(scoreValueId, after.get(0).path("id").asLong());

        HttpResponse<byte[]> served = sdk.get("GetAnno2", Map.of("annoUUID", uuid));
        assertEquals(200, served.statusCode(), text(served));
        Path stored = run.state.resolve("images").resolve("anno2").resolve(uuid + ".zip");
        assertArrayEquals(Files.readAllBytes(stored), served.body(), "the zip upload-service wrote");
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(served.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                members.put(e.getName(), in.readAllBytes());
            }
        }
        assertTrue(members.keySet().containsAll(List.of("system_metadata.json", "user_metadata.json",
                "polygon_container/encoded_polygons.bin.br", "polygon_container/tile_polygons_i.msgpack.br")),
                members.keySet().toString());
        JsonNode system = JSON.readTree(members.get("system_metadata.json"));
        assertEquals("polygons", system.path("type").asText(), system.toString());
        assertEquals(1, system.path("numItems").asInt(), system.toString());
        assertEquals("{\"description\": \"e2e\"}", new String(members.get("user_metadata.json"), StandardCharsets.UTF_8));

        Map<String, String> again = new LinkedHashMap<>();
        again.put("studyId", String.valueOf(studyId));
        again.put("imageId", String.valueOf(imageId));
        again.put("question", "Test anno");
        again.put("email", USER);
        again.put("metadata", "{}");
        JsonNode twice = json(sdk.post("ConvertAnnotationToAnno2", again));
        assertFalse(twice.path("success").asBoolean(true), twice.toString());
        assertTrue(twice.path("error").asText().contains(uuid), twice.toString());
    }

    @Test
    @Order(11)
    void downloadSlide() throws Exception {
        HttpResponse<byte[]> download = sdk.get("DownloadSlide", Map.of("studyid", String.valueOf(studyId),
                "imageid", String.valueOf(imageId)));
        assertEquals(200, download.statusCode(), text(download));
        String disposition = download.headers().firstValue("Content-Disposition").orElse("");
        assertTrue(disposition.matches("(?s).*filename=\"?test-image.*"), disposition);
        assertArrayEquals(Files.readAllBytes(testImage), download.body());
    }

    @Test
    @Order(12)
    void sendEmailReachesTheSmtpServer() throws Exception {
        String subject = "E2E study mail " + System.nanoTime();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("studyId", String.valueOf(studyId));
        params.put("to", USER);
        params.put("subject", subject);
        params.put("body", "Please score the slides: <LINK:Start Scoring>");
        HttpResponse<byte[]> sent = sdk.post("SendEmail", params);
        assertEquals("{}", text(sent));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> subjectOf(m).equals(subject)));
        MimeMessage mail = Arrays.stream(smtp.getReceivedMessages()).filter(m -> subjectOf(m).equals(subject))
                .findFirst().orElseThrow();
        assertEquals(USER, mail.getAllRecipients()[0].toString());
        assertEquals(1, Arrays.stream(smtp.getReceivedMessages()).filter(m -> subjectOf(m).equals(subject)).count());
    }

    @Test
    @Order(13)
    void tusJsClientUploadsThroughTheGateway() throws Exception {
        Path script = tusJs.get(300, TimeUnit.SECONDS);
        String uploadToken = sdk.requestUpload("js-client", "slide.png");
        List<String> out = node(script, gateway + "/files/", testPng.toString(), uploadToken, sdk.token);
        String url = out.stream().filter(l -> l.startsWith("URL ")).findFirst()
                .orElseThrow(() -> new AssertionError("no upload URL in " + out)).substring(4);
        String fileId = url.substring(url.lastIndexOf('/') + 1);
        assertEquals("\"OK\"", text(sdk.post("FinishUpload", Map.of("id", fileId, "token", uploadToken))));
        assertEquals(sha256(Files.readAllBytes(testPng)),
                sha256(Files.readAllBytes(run.state.resolve("images/js-client/slide.png"))));
    }

    @Test
    @Order(14)
    void oneTraceFromRequestUploadToSlideInspected() throws Exception {
        // a client that sends one trace context with its whole upload (RequestUpload, tus, FinishUpload)
        String traceId = randomHex(16);
        SdkClient traced = new SdkClient(gateway);
        traced.token = sdk.token;
        traced.traceparent = "00-" + traceId + "-" + randomHex(8) + "-01";
        traced.uploadBytes("traced", "traced-slide.TiFF", Files.readAllBytes(testImage));

        // gateway -> upload-service (HTTP), upload-service -> tile-service (slide-uploaded through the outbox),
        // tile-service -> study-service (slide-inspected through the outbox): every span in the client's trace
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<OtlpCollector.Span> spans = traces.ofTrace(traceId);
            String seen = spans.stream().map(sp -> sp.service() + " " + kindName(sp.kind()) + " " + sp.name() + " "
                    + sp.spanId() + "<-" + sp.parentSpanId()).sorted().toList() + " problems " + traces.problems();
            assertTrue(spans.stream().anyMatch(sp -> sp.service().equals("gateway") && sp.kind() == OtlpCollector.SERVER
                    && sp.describe().contains("RequestUpload")), "gateway's RequestUpload: " + seen);
            OtlpCollector.Span finish = spans.stream().filter(sp -> sp.service().equals("upload-service")
                    && sp.kind() == OtlpCollector.SERVER && sp.describe().contains("FinishUpload")).findFirst()
                    .orElseThrow(() -> new AssertionError("upload-service's FinishUpload: " + seen));
            OtlpCollector.Span inspection = spans.stream().filter(sp -> sp.service().equals("tile-service")
                    && sp.kind() == OtlpCollector.CONSUMER && sp.describe().contains(SLIDE_UPLOADED)).findFirst()
                    .orElseThrow(() -> new AssertionError("tile-service consuming slide-uploaded: " + seen));
            OtlpCollector.Span inspected = spans.stream().filter(sp -> sp.service().equals("study-service")
                    && sp.kind() == OtlpCollector.CONSUMER && sp.describe().contains(SLIDE_INSPECTED)).findFirst()
                    .orElseThrow(() -> new AssertionError("study-service consuming slide-inspected: " + seen));
            // linked hop by hop: each consumer span descends from a span of the service that published the event
            assertTrue(descendsFrom(inspection, "upload-service", spans), "slide-uploaded hop: " + seen);
            assertTrue(descendsFrom(inspected, "tile-service", spans), "slide-inspected hop: " + seen);
            assertTrue(descendsFrom(finish, "gateway", spans), "gateway -> upload-service hop: " + seen);
        });
    }

    @Test
    @Order(15)
    void everyServiceExposesTheOperatorsMetrics() throws Exception {
        // after the flow above every meter the operators' list names has been touched at least once
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("gateway", List.of("slidescore_gateway_tokens_total{action=\"created\""));
        expected.put("upload-service", List.of("slidescore_upload_bytes_total", "slidescore_upload_active",
                "slidescore_upload_finished_total{kind=\"SLIDE\""));
        expected.put("study-service", List.of("slidescore_reimport_duration_seconds_count{outcome=\"success\"",
                "slidescore_consumer_events_total{consumer=\"study.slide-inspections\",outcome=\"applied\""));
        expected.put("scoring-service", List.of("slidescore_scores_stored_total{source=\"UploadResults\""));
        expected.put("tile-service", List.of("slidescore_tile_request_seconds_count{endpoint=\"tile\"",
                "cache_gets_total{cache=\"tiles\"", "slidescore_outbox_sent_total{topic=\"" + SLIDE_INSPECTED));
        expected.put("notification-service", List.of("slidescore_email_sent_total"));
        for (String module : LocalRun.MODULES) {
            HttpResponse<byte[]> metrics = send(HttpRequest.newBuilder(URI.create(run.url(module) + "/q/metrics"))
                    .GET());
            assertEquals(200, metrics.statusCode(), module);
            String text = text(metrics);
            List<String> names = new ArrayList<>(expected.get(module));
            // every service: outbox backlog and lag, Kafka consumer lag, HTTP server timings
            names.addAll(List.of("slidescore_outbox_pending", "slidescore_outbox_lag_seconds",
                    "kafka_consumer_fetch_manager_records_lag_max", "http_server_requests_seconds_count"));
            for (String name : names) {
                assertTrue(text.lines().anyMatch(l -> l.startsWith(name)), module + " has no " + name + " at /q/metrics");
            }
        }
    }

    @Test
    @Order(16)
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
    @Order(17)
    void givenUpTokenIsRefused() throws Exception {
        HttpResponse<byte[]> given = sdk.post("GiveUpToken", Map.of());
        assertEquals(200, given.statusCode(), text(given));
        assertEquals("{}", text(given));

        HttpResponse<byte[]> after = sdk.get("Studies", Map.of());
        assertEquals(401, after.statusCode(), text(after));
    }

    // ------------------------------------------------------------------ traces

    private static final String SLIDE_UPLOADED = "slidescore.upload.slide-uploaded.v1";
    private static final String SLIDE_INSPECTED = "slidescore.tile.slide-inspected.v1";

    /** Whether a span's ancestors (by parent span id, within the trace) include a span of {@code service}. */
    private static boolean descendsFrom(OtlpCollector.Span span, String service, List<OtlpCollector.Span> trace) {
        Map<String, OtlpCollector.Span> byId = new java.util.HashMap<>();
        trace.forEach(sp -> byId.put(sp.spanId(), sp));
        OtlpCollector.Span at = byId.get(span.parentSpanId());
        for (int depth = 0; at != null && depth < 100; depth++) {
            if (at.service().equals(service)) {
                return true;
            }
            at = byId.get(at.parentSpanId());
        }
        return false;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String kindName(int kind) {
        return switch (kind) {
            case OtlpCollector.SERVER -> "SERVER";
            case OtlpCollector.CLIENT -> "CLIENT";
            case OtlpCollector.PRODUCER -> "PRODUCER";
            case OtlpCollector.CONSUMER -> "CONSUMER";
            default -> "INTERNAL";
        };
    }

    // ------------------------------------------------------------------ requests as the SDK sends them

    private static String subjectOf(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
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

}
