package org.slidescore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slidescore.e2e.SdkClient.b64;
import static org.slidescore.e2e.SdkClient.json;
import static org.slidescore.e2e.SdkClient.send;
import static org.slidescore.e2e.SdkClient.sha256;
import static org.slidescore.e2e.SdkClient.stream;
import static org.slidescore.e2e.SdkClient.text;

/**
 * Failures of the running platform (started by {@code run.sh}, driven through the gateway like the SDK): each service
 * killed with SIGKILL in turn and restarted by {@code run.sh start} loses nothing and a client's retry succeeds; the
 * Kafka broker killed mid-flow delivers the events written meanwhile exactly once (outbox) when it is back.
 * (A PostgreSQL restart is not covered yet: after it every service's JDBC datasource health check stays DOWN with
 * "acquisition timeout" while the reactive client has recovered, so readiness never comes back.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceFailuresTest {
    private static final String STUDY = "E2EFailures";
    private static final String USER = "e2e-failures@example.com";
    private static final String ROW_ANSWER = "kept across restarts";

    private static LocalRun run;
    private static GreenMail smtp;
    private static SdkClient sdk;
    private static long studyId;
    private static long imageId;

    @BeforeAll
    static void startThePlatformWithAStudy() throws Exception {
        smtp = new GreenMail(new ServerSetup(LocalRun.freePorts(1), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        run = Platform.start("e2e-failures", Map.of("SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()), "SMTP_START_TLS", "DISABLED"));
        sdk = new SdkClient(run.url("gateway"));
        sdk.createAdminToken(run.readState("admin-password"), "e2e-failures");
        sdk.uploadBytes("", "study." + STUDY + ".emails", (USER + ";canscore\n").getBytes(StandardCharsets.UTF_8));
        sdk.uploadBytes("", "study." + STUDY + ".scores", "Test question\tFreeText".getBytes(StandardCharsets.UTF_8));
        sdk.uploadBytes(STUDY, "test-image.TiFF", Files.readAllBytes(Platform.testdata("test-image.TiFF")));
        JsonNode reimport = json(sdk.post("Reimport", Map.of("studyName", STUDY)));
        assertTrue(reimport.path("success").asBoolean(), reimport.toString());
        studyId = reimport.path("id").asLong();
        imageId = stream(json(sdk.get("Images", Map.of("studyid", String.valueOf(studyId)))))
                .filter(i -> i.path("name").asText().equals("test-image")).findFirst().orElseThrow()
                .path("id").asLong();
        JsonNode uploaded = json(sdk.post("UploadResults", Map.of("studyid", String.valueOf(studyId),
                "results", "\n" + imageId + "\ttest-image\t" + USER + "\tTest question\t" + ROW_ANSWER)));
        assertTrue(uploaded.path("success").asBoolean(), uploaded.toString());
    }

    @AfterAll
    static void stopThePlatform() {
        try {
            Platform.stop(run);
        } finally {
            if (smtp != null) {
                smtp.stop();
            }
        }
    }

    @Test
    @Order(1)
    void eachServiceKilledInTurnComesBackWithItsDataAndTheClientsRetrySucceeds() throws Exception {
        for (String module : LocalRun.MODULES) {
            // an upload in progress across the kill: the first 10 MB are in before it
            byte[] content = new byte[SdkClient.TUS_CHUNK + 12345];
            new Random(module.hashCode()).nextBytes(content);
            String uploadToken = sdk.requestUpload("kill-" + module, "upload.bin");
            URI upload = createUpload(content.length, uploadToken);
            patch(upload, content, 0, SdkClient.TUS_CHUNK);

            kill(module);
            if (module.equals("gateway")) {
                assertThrows(UncheckedIOException.class, () -> sdk.get("Studies", Map.of()),
                        "the gateway is down");
            } else {
                HttpResponse<byte[]> down = callOwnedBy(module);
                assertEquals(503, down.statusCode(), module + " down: " + text(down));
                assertTrue(down.headers().firstValue("Retry-After").isPresent(), module + ": no Retry-After");
            }

            restart(module);

            // the client retries what failed, resumes its upload where the server says it stands, and finds its data
            HttpResponse<byte[]> again = callOwnedBy(module);
            assertEquals(200, again.statusCode(), module + " after restart: " + text(again));
            HttpResponse<byte[]> head = send(HttpRequest.newBuilder(upload).header("Tus-Resumable", "1.0.0")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, head.statusCode(), module + ": HEAD after restart");
            int offset = Integer.parseInt(head.headers().firstValue("Upload-Offset").orElseThrow());
            assertEquals(SdkClient.TUS_CHUNK, offset, module + ": bytes lost across the restart");
            patch(upload, content, offset, content.length);
            String id = upload.getPath().substring(upload.getPath().lastIndexOf('/') + 1);
            assertEquals("\"OK\"", text(sdk.post("FinishUpload", Map.of("id", id, "token", uploadToken))));
            assertEquals(sha256(content), sha256(Files.readAllBytes(
                    run.state.resolve("images/kill-" + module + "/upload.bin"))));
            assertTrue(scores().contains(ROW_ANSWER), module + ": the stored answer is gone");
            assertTrue(stream(json(sdk.get("Images", Map.of("studyid", String.valueOf(studyId)))))
                    .anyMatch(i -> i.path("id").asLong() == imageId), module + ": the image is gone");
        }
    }

    @Test
    @Order(2)
    void eventsWrittenWhileTheBrokerIsDownAreDeliveredOnceWhenItIsBack() throws Exception {
        kill("kafka");
        String subject = "Sent while Kafka was down " + System.nanoTime();
        Map<String, String> mail = new LinkedHashMap<>();
        mail.put("studyId", String.valueOf(studyId));
        mail.put("to", USER);
        mail.put("subject", subject);
        mail.put("body", "Outbox test");
        // the request and its event commit together in the service's database: no broker needed to accept it
        assertEquals("{}", text(sdk.post("SendEmail", mail)));

        restart("kafka");

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> deliveries(subject)
                .stream().anyMatch(d -> d.path("status").asText().equals("sent")));
        List<JsonNode> deliveries = deliveries(subject);
        assertEquals(1, deliveries.size(), deliveries.toString());
        assertEquals(1, Arrays.stream(smtp.getReceivedMessages()).filter(m -> subjectOf(m).equals(subject)).count(),
                "the mail was not sent exactly once");
    }

    // ------------------------------------------------------------------ helpers

    /** A read call the service owns (through the gateway, as the SDK calls it). */
    private static HttpResponse<byte[]> callOwnedBy(String module) {
        String image = String.valueOf(imageId);
        String study = String.valueOf(studyId);
        return switch (module) {
            case "gateway", "study-service" -> sdk.get("Images", Map.of("studyid", study));
            case "upload-service" -> sdk.post("RequestUpload", Map.of("filename", "probe.bin", "folder", "probe"));
            case "scoring-service" -> sdk.get("Scores", Map.of("studyid", study));
            case "tile-service" -> sdk.get("GetImageMetadata", Map.of("imageid", image));
            case "notification-service" -> sdk.get("GetEmailStatus", Map.of("studyId", study));
            default -> throw new IllegalArgumentException(module);
        };
    }

    private static String scores() {
        return text(sdk.get("Scores", Map.of("studyid", String.valueOf(studyId))));
    }

    private static List<JsonNode> deliveries(String subject) throws Exception {
        JsonNode status = json(sdk.get("GetEmailStatus", Map.of("studyId", String.valueOf(studyId))));
        assertTrue(status.path("success").asBoolean(), status.toString());
        return stream(status.path("deliveries")).filter(d -> d.path("subject").asText().equals(subject)).toList();
    }

    private static URI createUpload(int length, String uploadToken) {
        URI creation = URI.create(sdk.gateway + "/files/");
        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(creation)
                .header("Tus-Resumable", "1.0.0")
                .header("upload-length", Integer.toString(length))
                .header("upload-metadata", "uploadtoken " + b64(uploadToken) + ",apitoken " + b64(sdk.token))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, created.statusCode(), text(created));
        return creation.resolve(created.headers().firstValue("Location").orElseThrow());
    }

    private static void patch(URI upload, byte[] content, int from, int to) {
        HttpResponse<byte[]> patched = send(HttpRequest.newBuilder(upload)
                .header("upload-offset", Integer.toString(from))
                .header("Content-Type", "application/offset+octet-stream")
                .header("Tus-Resumable", "1.0.0")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(content, from, to))));
        assertEquals(204, patched.statusCode(), text(patched));
        assertEquals(Integer.toString(to), patched.headers().firstValue("Upload-Offset").orElseThrow());
    }

    /** SIGKILL to the process run.sh recorded for a part, and wait until it is gone. */
    private static void kill(String part) {
        long pid = run.recordedPid(part).orElseThrow(() -> new AssertionError("no pid recorded for " + part));
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(part + " is not running"));
        assertTrue(process.destroyForcibly() || !process.isAlive(), "could not kill " + part);
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    /** {@code run.sh start} starts what is not running (the killed part) and waits until every service is ready. */
    private static void restart(String part) {
        LocalRun.Result started = run.run(600, "start");
        assertEquals(0, started.exitCode(), "restart of " + part + " failed:\n" + started.output());
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (MessagingException e) {
            return "";
        }
    }
}
