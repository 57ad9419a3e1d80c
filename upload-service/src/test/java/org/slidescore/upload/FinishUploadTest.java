package org.slidescore.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slidescore.upload.TestUploads.bytes;
import static org.slidescore.upload.TestUploads.create;
import static org.slidescore.upload.TestUploads.finish;
import static org.slidescore.upload.TestUploads.id;
import static org.slidescore.upload.TestUploads.metadata;
import static org.slidescore.upload.TestUploads.requestUpload;

/** FinishUpload and the upload tokens around it. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "upload"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class FinishUploadTest {
    static final String OCTET = "application/offset+octet-stream";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static void upload(String path, byte[] data, int chunk) {
        for (int at = 0; at < data.length; at += chunk) {
            int end = Math.min(data.length, at + chunk);
            given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", at).contentType(OCTET)
                    .body(java.util.Arrays.copyOfRange(data, at, end)).patch(path)
                    .then().statusCode(204).header("Upload-Offset", Integer.toString(end));
        }
    }

    /** The value of one Prometheus sample line (name with its labels), or -1 when absent. */
    static double meter(String metrics, String sample) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim().split(" ")[0]);
            }
        }
        return -1;
    }

    @Test
    void finishMovesTheFileRecordsSha256AndPublishesOnce() throws Exception {
        String jwt = TestUploads.uploader();
        String token = requestUpload(jwt, "finish/sub", "slide.svs");
        byte[] data = bytes(250_000, 31);
        String path = create(token, jwt, data.length);
        upload(path, data, 100_000);
        assertEquals("\"OK\"", finish(jwt, id(path), token));
        Path target = Path.of(TestUploads.IMAGES_ROOT, "finish", "sub", "slide.svs");
        assertArrayEquals(data, Files.readAllBytes(target));
        assertTrue(Files.notExists(Path.of(TestUploads.IMAGES_ROOT, ".staging", id(path))));
        // Repeating the call answers OK again and publishes nothing new.
        assertEquals("\"OK\"", finish(jwt, id(path), token));
        List<JsonNode> events = events("finish/sub/slide.svs");
        assertEquals(1, events.size());
        // upload meters: the PATCHed bytes, the finished slide, and the gauge of PATCHes in progress
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(meter(metrics, "slidescore_upload_bytes_total") >= data.length, "upload bytes");
        assertTrue(meter(metrics, "slidescore_upload_finished_total{kind=\"SLIDE\"}") >= 1, "uploads finished");
        assertTrue(meter(metrics, "slidescore_upload_active") >= 0, "active uploads gauge");
        JsonNode e = events.get(0);
        assertEquals("upload-service", e.get("producer").asText());
        JsonNode d = e.get("data");
        assertEquals("finish/sub/slide.svs", d.get("path").asText());
        assertEquals(data.length, d.get("size").asLong());
        assertEquals(TestUploads.sha256(data), d.get("sha256").asText());
        assertEquals("finish/sub", d.get("folder").asText());
        assertEquals("slide.svs", d.get("fileName").asText());
        assertEquals("SLIDE", d.get("kind").asText());
        assertEquals(id(path), d.get("uploadId").asText());
        // The outbox relay delivers it to Kafka.
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(java.util.Map.of(
                "bootstrap.servers", bootstrap, "group.id", "finish-test-" + java.util.UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
            consumer.subscribe(List.of("slidescore.upload.slide-uploaded.v1"));
            List<String> seen = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                consumer.poll(java.time.Duration.ofMillis(500)).forEach(rec -> {
                    if ("finish/sub/slide.svs".equals(rec.key())) {
                        seen.add(rec.value());
                    }
                });
                return !seen.isEmpty();
            });
            assertEquals(e.get("eventId").asText(), new ObjectMapper().readTree(seen.get(0)).get("eventId").asText());
        }
        // HEAD still answers for the finished upload.
        given().header("Tus-Resumable", "1.0.0").head(path).then().statusCode(200)
                .header("Upload-Offset", Integer.toString(data.length));
    }

    @Test
    void anExistingFileIsOverwrittenAndConfigFilesAreRecognised() throws Exception {
        String jwt = TestUploads.uploader();
        for (int round = 0; round < 2; round++) {
            String token = requestUpload(jwt, "", "study.Overwrite.config");
            byte[] data = bytes(1000 + round, 40 + round);
            String path = create(token, jwt, data.length);
            upload(path, data, data.length);
            assertEquals("\"OK\"", finish(jwt, id(path), token));
            assertArrayEquals(data, Files.readAllBytes(Path.of(TestUploads.IMAGES_ROOT, "study.Overwrite.config")));
        }
        List<JsonNode> events = events("study.Overwrite.config");
        assertEquals(2, events.size());
        assertEquals("STUDY_CONFIG", events.get(1).get("data").get("kind").asText());
    }

    @Test
    void finishBeforeCompletionIsABareStringError() {
        String jwt = TestUploads.uploader();
        String token = requestUpload(jwt, "finish", "partial.svs");
        String path = create(token, jwt, 100);
        upload(path, bytes(40, 1), 40);
        given().header("Authorization", "Bearer " + jwt).formParam("id", id(path)).formParam("token", token)
                .post("/Api/FinishUpload").then().statusCode(200).body(startsWith("\""))
                .body(containsString("not complete: 40 of 100"));
    }

    @Test
    void finishChecksTheUploadTokenAndTheCaller() {
        String jwt = TestUploads.uploader();
        String name = "owned-" + java.util.UUID.randomUUID() + ".svs";
        String token = requestUpload(jwt, "finish", name);
        String otherToken = requestUpload(jwt, "finish", "other.svs");
        String path = create(token, jwt, 10);
        upload(path, bytes(10, 2), 10);
        String id = id(path);
        finishFails(jwt, id, otherToken, "does not belong to this upload token");
        finishFails(jwt, id, "no-such-token", "Unknown upload token");
        finishFails(jwt, "0123456789abcdef0123456789abcdef", token, "Unknown upload id");
        finishFails(jwt, "../../etc/passwd", token, "Unknown upload id");
        finishFails(TestTokens.with(Right.CanUpload), id, token, "issued to another API token");
        given().header("Authorization", "Bearer " + jwt).formParam("token", token).post("/Api/FinishUpload")
                .then().statusCode(200).body(startsWith("\"")).body(containsString("id"));
        assertTrue(Files.notExists(Path.of(TestUploads.IMAGES_ROOT, "finish", name)));
        assertEquals("\"OK\"", finish(jwt, id, token));
    }

    @Test
    void finishOfATerminatedUploadFails() {
        String jwt = TestUploads.uploader();
        String token = requestUpload(jwt, "finish", "gone.svs");
        String path = create(token, jwt, 10);
        upload(path, bytes(10, 3), 10);
        given().header("Tus-Resumable", "1.0.0").delete(path).then().statusCode(204);
        finishFails(jwt, id(path), token, "terminated");
    }

    @Test
    void creationRefusesBadExpiredAndForeignTokens() throws Exception {
        String jwt = TestUploads.uploader();
        String token = requestUpload(jwt, "finish", "t.svs");
        creationFails("nonsense", jwt, "Unknown upload token");
        creationFails(token, TestUploads.uploader(), "issued to another API token");
        creationFails(token, "not-a-jwt", "apitoken is not valid");
        creationFails(token, TestTokens.badSignature(), "apitoken is not valid");
        creationFails(token, TestTokens.expired(), "apitoken is not valid");
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement st = c.prepareStatement(
                     "UPDATE upload_token SET expires_at = now() - interval '1 minute' WHERE token = ?")) {
            st.setString(1, token);
            assertEquals(1, st.executeUpdate());
        }
        creationFails(token, jwt, "expired");
    }

    @Test
    void internalUploadTokensForAnno2() throws Exception {
        String jwt = TestTokens.with(Right.CanGetPixels); // an anno2 uploader need not have CanUpload
        String tokenId = tokenId(jwt);
        String token = given().contentType("application/json")
                .body("{\"folder\":\"anno2/12\",\"filename\":\"ann.zip\",\"tokenId\":\"" + tokenId + "\"}")
                .post("/internal/upload-tokens").then().statusCode(200).extract().jsonPath().getString("token");
        byte[] data = bytes(5000, 50);
        String path = create(token, jwt, data.length);
        upload(path, data, data.length);
        assertEquals("\"OK\"", finish(jwt, id(path), token));
        assertArrayEquals(data, Files.readAllBytes(Path.of(TestUploads.IMAGES_ROOT, "anno2", "12", "ann.zip")));
        assertEquals("ANNO2", events("anno2/12/ann.zip").get(0).get("data").get("kind").asText());
        given().contentType("application/json")
                .body("{\"folder\":\"../x\",\"filename\":\"ann.zip\",\"tokenId\":\"t\"}")
                .post("/internal/upload-tokens").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("status", equalTo(400));
        given().contentType("application/json").body("{\"folder\":\"a\",\"filename\":\"ann.zip\"}")
                .post("/internal/upload-tokens").then().statusCode(400);
    }

    private static String tokenId(String jwt) throws Exception {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        return new ObjectMapper().readTree(payload).get("ID").asText();
    }

    private static void creationFails(String uploadToken, String apiToken, String reason) {
        given().header("Tus-Resumable", "1.0.0").header("Upload-Length", 10)
                .header("Upload-Metadata", metadata(uploadToken, apiToken)).post("/files/")
                .then().statusCode(403).body(containsString(reason));
    }

    private static void finishFails(String jwt, String id, String token, String reason) {
        given().header("Authorization", "Bearer " + jwt).formParam("id", id).formParam("token", token)
                .post("/Api/FinishUpload").then().statusCode(200).body(startsWith("\"")).body(containsString(reason));
    }

    private List<JsonNode> events(String path) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement st = c.prepareStatement(
                     "SELECT payload FROM outbox_event WHERE topic = 'slidescore.upload.slide-uploaded.v1' "
                             + "AND event_key = ? ORDER BY id")) {
            st.setString(1, path);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new ObjectMapper().readTree(rs.getString(1)));
                }
            }
        }
        return out;
    }
}
