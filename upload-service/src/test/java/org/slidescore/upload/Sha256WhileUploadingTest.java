package org.slidescore.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.upload.tus.UploadDigests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.slidescore.upload.TestUploads.bytes;
import static org.slidescore.upload.TestUploads.finish;
import static org.slidescore.upload.TestUploads.id;
import static org.slidescore.upload.TestUploads.offset;
import static org.slidescore.upload.TestUploads.sha256;

/**
 * The sha256 FinishUpload records is computed while the PATCH bytes are written; whatever happens to the PATCHes
 * (one or many, interrupted and resumed, a chunk cut off again, the digest lost as in a restart, bytes changed behind
 * the digest's back) the recorded sha256 is the finished file's. {@code slidescore_upload_sha256_total{source}} tells
 * whether the digest from the upload was used or the file was read.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "upload"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class Sha256WhileUploadingTest {
    static final String OCTET = "application/offset+octet-stream";
    static final String FOLDER = "sha";

    @Inject
    UploadDigests digests;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    /** One upload in progress: its API token, upload token, URL path and target file name. */
    record Upload(String jwt, String token, String path, String name) {
    }

    static Upload start(String name, long length) {
        String jwt = TestUploads.uploader();
        String token = TestUploads.requestUpload(jwt, FOLDER, name);
        return new Upload(jwt, token, TestUploads.create(token, jwt, length), name);
    }

    static void patch(Upload u, byte[] data, int from, int to) {
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", from).contentType(OCTET)
                .body(Arrays.copyOfRange(data, from, to)).patch(u.path())
                .then().statusCode(204).header("Upload-Offset", Integer.toString(to));
    }

    /**
     * FinishUpload, then: the file is {@code expected}, the recorded sha256 (row and event) is the file's, and it came
     * from {@code source} ({@code upload}: the digest computed while uploading; {@code file}: the file was read).
     */
    void finishAndCheck(Upload u, byte[] expected, String source) throws Exception {
        double before = sha256Meter(source);
        assertEquals("\"OK\"", finish(u.jwt(), id(u.path()), u.token()));
        Path placed = Path.of(TestUploads.IMAGES_ROOT, FOLDER, u.name());
        assertArrayEquals(expected, Files.readAllBytes(placed));
        String sha = sha256(expected);
        assertEquals(sha, recordedSha256(id(u.path())), "sha256 recorded in the upload's row");
        assertEquals(sha, eventSha256(id(u.path())), "sha256 in SlideUploaded");
        assertEquals(before + 1, sha256Meter(source), "sha256 source " + source);
    }

    @Test
    void aSinglePatchIsHashedWhileItIsWritten() throws Exception {
        byte[] data = bytes(3_500_000, 101);   // several 1 MiB write buffers and a partial one
        Upload u = start("single.bin", data.length);
        patch(u, data, 0, data.length);
        finishAndCheck(u, data, "upload");
    }

    @Test
    void manyPatchesOfAnySizeContinueOneDigest() throws Exception {
        byte[] data = bytes(2_600_000, 102);
        Upload u = start("many.bin", data.length);
        int[] ends = {1, 4096, 70_000, 1_048_576, 1_048_577, 2_000_000, 2_599_999, data.length};
        int at = 0;
        for (int end : ends) {
            patch(u, data, at, end);
            at = end;
        }
        finishAndCheck(u, data, "upload");
    }

    @Test
    void creationWithUploadStartsTheDigest() throws Exception {
        byte[] data = bytes(1_500_000, 103);
        String jwt = TestUploads.uploader();
        String token = TestUploads.requestUpload(jwt, FOLDER, "created.bin");
        String location = given().header("Tus-Resumable", "1.0.0").header("Upload-Length", data.length)
                .header("Upload-Metadata", TestUploads.metadata(token, jwt)).contentType(OCTET)
                .body(Arrays.copyOfRange(data, 0, 600_000)).post("/files/")
                .then().statusCode(201).header("Upload-Offset", "600000").extract().header("Location");
        Upload u = new Upload(jwt, token, TestUploads.path(location), "created.bin");
        patch(u, data, 600_000, data.length);
        finishAndCheck(u, data, "upload");
    }

    @Test
    void anInterruptedPatchKeepsItsDigestAndTheResumeContinuesIt() throws Exception {
        byte[] data = bytes(3_000_000, 104);
        Upload u = start("interrupted.bin", data.length);
        patch(u, data, 0, 500_000);
        try (RawHttp raw = RawHttp.open(RestAssured.port)) {
            raw.write("PATCH " + u.path() + " HTTP/1.1\r\nHost: localhost\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: "
                    + "500000\r\nContent-Type: " + OCTET + "\r\nContent-Length: 2500000\r\n\r\n");
            raw.write(Arrays.copyOfRange(data, 500_000, 1_800_000));
        } // the connection drops mid-body: every byte received is kept, and hashed
        await().atMost(Duration.ofSeconds(15)).until(() -> offset(u.path()) == 1_800_000);
        patch(u, data, 1_800_000, data.length);
        finishAndCheck(u, data, "upload");
    }

    @Test
    void aChunkCutOffAgainIsCutOffTheDigestToo() throws Exception {
        byte[] data = bytes(3_000_000, 105);
        Upload u = start("cut.bin", data.length);
        patch(u, data, 0, 1_000_000);
        byte[] chunk = Arrays.copyOfRange(data, 1_000_000, 2_500_000);
        // checksum mismatch (460): the chunk was streamed to the file and hashed before the check failed
        byte[] wrong = chunk.clone();
        wrong[wrong.length - 1] ^= 1;
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 1_000_000).contentType(OCTET)
                .header("Upload-Checksum", "sha1 " + sha1(chunk)).body(wrong).patch(u.path())
                .then().statusCode(460);
        assertEquals(1_000_000, offset(u.path()));
        // a chunked body that runs past Upload-Length (413): written up to the end, then cut off
        try (RawHttp raw = RawHttp.open(RestAssured.port)) {
            raw.write("PATCH " + u.path() + " HTTP/1.1\r\nHost: localhost\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: "
                    + "1000000\r\nContent-Type: " + OCTET + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            raw.chunk(Arrays.copyOfRange(data, 1_000_000, 2_900_000));
            raw.chunk(bytes(200_000, 106));
            raw.write("0\r\n\r\n");
            assertEquals(413, raw.status());
        }
        assertEquals(1_000_000, offset(u.path()));
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 1_000_000).contentType(OCTET)
                .header("Upload-Checksum", "sha1 " + sha1(chunk)).body(chunk).patch(u.path())
                .then().statusCode(204).header("Upload-Offset", "2500000");
        patch(u, data, 2_500_000, data.length);
        finishAndCheck(u, data, "upload");
    }

    @Test
    void withoutItsDigestFinishUploadHashesTheFile() throws Exception {
        byte[] data = bytes(2_000_000, 107);
        Upload u = start("restarted.bin", data.length);
        patch(u, data, 0, 800_000);
        digests.forget(id(u.path()));   // what a restart of the service loses
        patch(u, data, 800_000, data.length);
        finishAndCheck(u, data, "file");
    }

    @Test
    void aDigestIsNotUsedOnceTheRowNamesAnotherOne() throws Exception {
        byte[] data = bytes(2_000_000, 108);
        Upload u = start("elsewhere.bin", data.length);
        String id = id(u.path());
        patch(u, data, 0, 800_000);
        // Another replica cut the upload back and wrote other bytes up to the same offset: its PATCH recorded that
        // no digest is valid. This replica's digest of the old bytes ends at the same offset but must not be used.
        byte[] other = bytes(800_000, 109);
        Files.write(staging(id), other, StandardOpenOption.WRITE);
        sql("UPDATE tus_upload SET hash_token = NULL WHERE id = ?", id);
        patch(u, data, 800_000, data.length);
        byte[] expected = data.clone();
        System.arraycopy(other, 0, expected, 0, other.length);
        finishAndCheck(u, expected, "file");
        assertNotEquals(sha256(data), recordedSha256(id));
    }

    @Test
    void aLeaseTakenOverFromADeadReplicaForgetsTheDigest() throws Exception {
        byte[] data = bytes(1_000_000, 110);
        Upload u = start("takeover.bin", data.length);
        String id = id(u.path());
        patch(u, data, 0, 400_000);
        // A replica wrote 200,000 more bytes, recorded none of them, and died holding the lock.
        Files.write(staging(id), Arrays.copyOfRange(data, 400_000, 600_000), StandardOpenOption.APPEND);
        sql("UPDATE tus_upload SET lock_owner = 'dead-replica', lock_until = now() - interval '1 second' "
                + "WHERE id = ?", id);
        assertEquals(600_000, offset(u.path()));
        assertNull(hashToken(id), "the takeover forgets which digest was valid");
        patch(u, data, 600_000, data.length);
        finishAndCheck(u, data, "file");
    }

    @Test
    void anEmptyUploadIsHashedToo() throws Exception {
        Upload u = start("empty.bin", 0);
        finishAndCheck(u, new byte[0], "file");
    }

    // ---------------------------------------------------------------- helpers

    private static Path staging(String id) {
        return Path.of(TestUploads.IMAGES_ROOT, ".staging", id);
    }

    private static String sha1(byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(b));
    }

    /** {@code slidescore.upload.writes-moved-to-workers}: request bodies whose writes left the event loop. */
    static double movedToWorkers() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double v = FinishUploadTest.meter(metrics, "slidescore_upload_writes_moved_to_workers_total");
        return Math.max(0, v);
    }

    private static double sha256Meter(String source) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double v = FinishUploadTest.meter(metrics, "slidescore_upload_sha256_total{source=\"" + source + "\"}");
        return Math.max(0, v);
    }

    private String recordedSha256(String id) throws Exception {
        return query("SELECT sha256 FROM tus_upload WHERE id = ?", id);
    }

    private String hashToken(String id) throws Exception {
        return query("SELECT hash_token FROM tus_upload WHERE id = ?", id);
    }

    private String eventSha256(String id) throws Exception {
        String payload = query("SELECT payload FROM outbox_event WHERE topic = 'slidescore.upload.slide-uploaded.v1' "
                + "AND payload::jsonb -> 'data' ->> 'uploadId' = ?", id);
        return new ObjectMapper().readTree(payload).get("data").get("sha256").asText();
    }

    private String query(String sql, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, id);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row for " + id + ": " + sql);
                }
                return rs.getString(1);
            }
        }
    }

    private void sql(String statement, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement st = c.prepareStatement(statement)) {
            st.setString(1, id);
            assertEquals(1, st.executeUpdate());
        }
    }
}
