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
 * Kafka broker killed mid-flow delivers the events written meanwhile exactly once (outbox) when it is back; while
 * PostgreSQL is down every service reports itself not ready but alive, and once it is back every service is ready
 * again and writes and their events go through.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceFailuresTest {
    private static final String STUDY = "E2EFailures";
    private static final String USER = "e2e-failures@example.com";
    private static final String ROW_ANSWER = "kept across restarts";

    private static final java.net.http.HttpClient HEALTH = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalRun run;
    private static GreenMail smtp;
    private static SdkClient sdk;
    private static long studyId;
    private static long imageId;

    @BeforeAll
    static void startThePlatformWithAStudy() throws Exception {
        smtp = new GreenMail(new ServerSetup(LocalRun.freePorts(1), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        // the outbox relays retry at least every 5 s (not 30 s) after a broker or database outage: less waiting here
        run = Platform.start("e2e-failures", Map.of("SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()), "SMTP_START_TLS", "DISABLED",
                "SLIDESCORE_OUTBOX_RELAY_MAX_BACKOFF", "PT5S"));
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
        // what the consumers applied so far, once they have caught up with the restarts of the step before (a killed
        // consumer's partitions come back to its restarted service only after a rebalance)
        awaitCaughtUp("tile-service", "slide-uploaded-in");
        awaitCaughtUp("study-service", "slide-inspected-in");
        double inspected = steady("tile-service", "tile.slide-inspection");
        double recorded = steady("study-service", "study.slide-inspections");
        kill("kafka");
        // a slide upload (slide-uploaded -> tile-service inspects it -> slide-inspected -> study-service records it)
        sdk.uploadBytes("broker-outage", "while-kafka-was-down.TiFF",
                Files.readAllBytes(Platform.testdata("test-image.TiFF")));
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
        // both hops of the upload's events applied, once each (a redelivery would count as a duplicate, not here)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                applied("tile-service", "tile.slide-inspection") >= inspected + 1
                        && applied("study-service", "study.slide-inspections") >= recorded + 1);
        Thread.sleep(3000);
        assertEquals(inspected + 1, applied("tile-service", "tile.slide-inspection"), "slide-uploaded applied");
        assertEquals(recorded + 1, applied("study-service", "study.slide-inspections"), "slide-inspected applied");
    }

    @Test
    @Order(3)
    void whilePostgresIsDownServicesAreNotReadyButAliveAndAfterItsRestartEverythingWorks() throws Exception {
        stopPostgres();
        // readiness follows the database: 503 DOWN naming a database check; liveness stays UP (no restart wanted)
        for (String module : LocalRun.MODULES) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<byte[]> ready = health(module, "ready");
                assertEquals(503, ready.statusCode(), module + " still ready without its database: " + text(ready));
                String down = downChecks(ready);
                assertTrue(down.contains("postgresql") || down.contains("database"),
                        module + ": the DOWN checks do not name the database: " + text(ready));
            });
            HttpResponse<byte[]> live = health(module, "live");
            assertEquals(200, live.statusCode(), module + " not alive while the database is down: " + text(live));
        }
        // a call that needs a database fails cleanly meanwhile (the client may retry later)
        HttpResponse<byte[]> meanwhile = sdk.get("Scores", Map.of("studyid", String.valueOf(studyId)));
        assertTrue(meanwhile.statusCode() >= 500, "Scores without a database: " + meanwhile.statusCode()
                + " " + text(meanwhile));

        Map<String, Long> logsBefore = new LinkedHashMap<>();
        for (String module : LocalRun.MODULES) {
            logsBefore.put(module, Files.size(serviceLog(module)));
        }
        startPostgresOnly();
        long back = System.nanoTime();
        for (String module : LocalRun.MODULES) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<byte[]> ready = health(module, "ready");
                assertEquals(200, ready.statusCode(), module + " not ready again after "
                        + (System.nanoTime() - back) / 1_000_000 + " ms: " + text(ready));
            });
        }
        System.out.printf("every service ready %d ms after PostgreSQL was back%n", (System.nanoTime() - back) / 1_000_000);
        // Each outbox relay takes a JDBC connection again once its backoff (up to 5 s here, 30 s by default) is over. That is when a
        // connection it leaked while PostgreSQL was down would exhaust the two-connection pool the readiness check
        // also needs; so wait for every relay, and check readiness again at the end.
        for (String module : LocalRun.MODULES) {
            String reconnected = "outbox relay " + module + "-outbox-relay: sending again after";
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    logSince(module, logsBefore.get(module)).contains(reconnected));
        }

        // gateway: a new token is written
        SdkClient second = new SdkClient(sdk.gateway);
        second.createAdminToken(run.readState("admin-password"), "after-postgres-restart");
        // upload-service: RequestUpload + tus + FinishUpload of a second slide into the study's folder
        second.uploadBytes(STUDY, "after-restart.TiFF", Files.readAllBytes(Platform.testdata("test-image.TiFF")));
        // study-service: Reimport (its worker answers over Kafka) finds the new slide
        JsonNode reimport = json(second.post("Reimport", Map.of("studyName", STUDY)));
        assertTrue(reimport.path("success").asBoolean(), reimport.toString());
        long newImage = stream(json(second.get("Images", Map.of("studyid", String.valueOf(studyId)))))
                .filter(i -> i.path("name").asText().equals("after-restart")).findFirst()
                .orElseThrow(() -> new AssertionError("the slide uploaded after the restart is not in the study"))
                .path("id").asLong();
        // tile-service learns the new image (StudyChanged / read-through) and serves it
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode metadata = json(second.get("GetImageMetadata", Map.of("imageid", String.valueOf(newImage))));
            assertTrue(metadata.path("success").asBoolean(), metadata.toString());
        });
        // scoring-service: its projection of the study (StudyChanged) knows the new image; the answer is stored
        String answer = "written after the PostgreSQL restart";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode uploaded = json(second.post("UploadResults", Map.of("studyid", String.valueOf(studyId),
                    "results", "\n" + newImage + "\tafter-restart\t" + USER + "\tTest question\t" + answer)));
            assertTrue(uploaded.path("success").asBoolean(), uploaded.toString());
        });
        String scores = text(second.get("Scores", Map.of("studyid", String.valueOf(studyId))));
        assertTrue(scores.contains(answer) && scores.contains(ROW_ANSWER), scores);
        // notification-service: SendEmail is stored, its event consumed, the mail delivered once
        String subject = "Sent after the PostgreSQL restart " + System.nanoTime();
        Map<String, String> mail = new LinkedHashMap<>();
        mail.put("studyId", String.valueOf(studyId));
        mail.put("to", USER);
        mail.put("subject", subject);
        mail.put("body", "PostgreSQL restart test");
        assertEquals("{}", text(second.post("SendEmail", mail)));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> subjectOf(m).equals(subject)));
        assertEquals(1, Arrays.stream(smtp.getReceivedMessages()).filter(m -> subjectOf(m).equals(subject)).count());

        // still ready, every relay holding its connection again (a leaked connection shows as a 503 here, after the
        // pool's acquisition timeout)
        for (String module : LocalRun.MODULES) {
            HttpResponse<byte[]> ready = health(module, "ready");
            assertEquals(200, ready.statusCode(), module + " no longer ready: " + text(ready));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** {@code slidescore_consumer_events_total{consumer,outcome="applied"}} of a service (0 before the first). */
    private static double applied(String module, String consumer) {
        String metrics = text(send(HttpRequest.newBuilder(URI.create(run.url(module) + "/q/metrics")).GET()));
        String prefix = "slidescore_consumer_events_total{consumer=\"" + consumer + "\",outcome=\"applied\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).split(" ")[0]))
                .findFirst().orElse(0);
    }

    /** {@link #applied} once it stayed the same for 3 s (records fetched are applied a moment later). */
    private static double steady(String module, String consumer) throws InterruptedException {
        double before = applied(module, consumer);
        for (int i = 0; i < 40; i++) {
            Thread.sleep(3000);
            double now = applied(module, consumer);
            if (now == before) {
                return now;
            }
            before = now;
        }
        throw new AssertionError(module + " " + consumer + " kept applying events: " + before);
    }

    /** Until the channel's Kafka consumer in {@code module} reports a lag of 0 on every partition it has. */
    private static void awaitCaughtUp(String module, String channel) {
        String client = "client_id=\"kafka-consumer-" + channel + "\"";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<String> lags = text(send(HttpRequest.newBuilder(URI.create(run.url(module) + "/q/metrics")).GET()))
                    .lines().filter(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag{")
                            && l.contains(client) && l.contains("partition=")).toList();
            return !lags.isEmpty() && lags.stream().allMatch(l -> Double.parseDouble(
                    l.substring(l.lastIndexOf('}') + 1).trim().split(" ")[0]) == 0.0);
        });
    }

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

    private static java.nio.file.Path serviceLog(String module) {
        return run.state.resolve("logs").resolve(module + ".log");
    }

    /** What a service logged after {@code offset} bytes (run.sh appends each service's console to its log). */
    private static String logSince(String module, long offset) throws java.io.IOException {
        byte[] all = Files.readAllBytes(serviceLog(module));
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    /**
     * {@code /q/health/<kind>} of a service, directly (not through the gateway), waiting long enough for an answer
     * that waited for the JDBC pool's acquisition timeout (60 s in run.sh).
     */
    private static HttpResponse<byte[]> health(String module, String kind) {
        try {
            return HEALTH.send(HttpRequest.newBuilder(URI.create(run.url(module) + "/q/health/" + kind))
                    .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The names and data of the checks a health answer reports DOWN, lower case. */
    private static String downChecks(HttpResponse<byte[]> health) throws Exception {
        JsonNode body = SdkClient.JSON.readTree(health.body());
        StringBuilder down = new StringBuilder();
        for (JsonNode check : body.path("checks")) {
            if (check.path("status").asText().equals("DOWN")) {
                down.append(check).append('\n');
            }
        }
        return down.toString().toLowerCase();
    }

    /** A fast shutdown of run.sh's PostgreSQL (SIGINT to the postmaster, as {@code run.sh stop} does it). */
    private static void stopPostgres() {
        long pid = run.recordedPid("postgres").orElseThrow(() -> new AssertionError("no pid recorded for postgres"));
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("postgres not running"));
        List<ProcessHandle> backends = postmaster.descendants().toList();
        ProcessBuilder interrupt = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO();
        try {
            assertEquals(0, interrupt.start().waitFor(), "kill -INT " + pid);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !postmaster.isAlive()
                && backends.stream().noneMatch(ProcessHandle::isAlive));
    }

    /**
     * {@code run.sh start} with everything else running starts just PostgreSQL (and checks the databases), then waits
     * for the services' readiness itself; it is given little time for that, the test measures it on its own.
     */
    private static void startPostgresOnly() {
        run.withEnv("SLIDESCORE_START_TIMEOUT", "1");
        try {
            LocalRun.Result started = run.run(300, "start");
            assertTrue(started.output().contains("starting PostgreSQL"), started.output());
            for (String module : LocalRun.MODULES) {
                assertTrue(started.output().contains(module + " already running"),
                        module + " was started anew, not kept:\n" + started.output());
            }
        } finally {
            run.withEnv("SLIDESCORE_START_TIMEOUT", "560");
        }
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
