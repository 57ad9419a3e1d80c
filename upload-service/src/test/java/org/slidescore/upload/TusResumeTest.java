package org.slidescore.upload;

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
import org.slidescore.upload.tus.TusSweeper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slidescore.upload.TestUploads.bytes;
import static org.slidescore.upload.TestUploads.create;
import static org.slidescore.upload.TestUploads.offset;

/** Interrupted PATCHes keep their bytes, a stale PATCH gives way to a newer request, expired uploads are swept. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "upload"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class TusResumeTest {
    static final String OCTET = "application/offset+octet-stream";

    @Inject
    TusSweeper sweeper;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    private String newUpload(long length) {
        String jwt = TestUploads.uploader();
        return create(TestUploads.requestUpload(jwt, "resume", "r.bin"), jwt, length);
    }

    private static String patchHead(String path, long offset, long contentLength) {
        return "PATCH " + path + " HTTP/1.1\r\nHost: localhost\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + offset
                + "\r\nContent-Type: " + OCTET + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private static Path staging(String path) {
        return Path.of(TestUploads.IMAGES_ROOT, ".staging", TestUploads.id(path));
    }

    @Test
    void interruptedPatchKeepsEveryByteReceived() throws Exception {
        int size = 3_000_000;
        byte[] data = bytes(size, 21);
        String path = newUpload(size);
        try (RawHttp raw = RawHttp.open(RestAssured.port)) {
            raw.write(patchHead(path, 0, size));
            raw.write(Arrays.copyOfRange(data, 0, 1_300_000));
        } // the connection drops mid-body
        await().atMost(Duration.ofSeconds(15)).until(() -> offset(path) == 1_300_000);
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 1_300_000).contentType(OCTET)
                .body(Arrays.copyOfRange(data, 1_300_000, size)).patch(path)
                .then().statusCode(204).header("Upload-Offset", Integer.toString(size));
        assertArrayEquals(data, Files.readAllBytes(staging(path)));
    }

    @Test
    void aNewRequestTakesOverAStalePatch() throws Exception {
        int size = 2_000_000;
        byte[] data = bytes(size, 22);
        String path = newUpload(size);
        try (RawHttp stale = RawHttp.open(RestAssured.port)) {
            stale.write(patchHead(path, 0, size));
            stale.write(Arrays.copyOfRange(data, 0, 500_000));
            // The client gave up on this connection without closing it (half-open). A HEAD must not be 423 forever:
            await().atMost(Duration.ofSeconds(10)).until(() -> recordedOffset(path) == 500_000);
            assertEquals(500_000, offset(path));
            given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 500_000).contentType(OCTET)
                    .body(Arrays.copyOfRange(data, 500_000, size)).patch(path)
                    .then().statusCode(204).header("Upload-Offset", Integer.toString(size));
        }
        assertArrayEquals(data, Files.readAllBytes(staging(path)));
    }

    @Test
    void aConcurrentPatchAtTheSameOffsetTakesOverAndTheLaterOffsetWins() throws Exception {
        int size = 1_000_000;
        byte[] data = bytes(size, 23);
        String path = newUpload(size);
        try (RawHttp first = RawHttp.open(RestAssured.port)) {
            first.write(patchHead(path, 0, size));
            first.write(Arrays.copyOfRange(data, 0, 200_000));
            await().atMost(Duration.ofSeconds(10)).until(() -> recordedOffset(path) == 200_000);
            given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 0).contentType(OCTET)
                    .body(data).patch(path).then().statusCode(409);
        }
        assertEquals(200_000, offset(path));
    }

    @Test
    void aPatchOnThisReplicaLetsGoWhenAnotherReplicaAsks() throws Exception {
        int size = 1_000_000;
        byte[] data = bytes(size, 27);
        String path = newUpload(size);
        String id = TestUploads.id(path);
        try (RawHttp stale = RawHttp.open(RestAssured.port)) {
            stale.write(patchHead(path, 0, size));
            stale.write(Arrays.copyOfRange(data, 0, 300_000));
            await().atMost(Duration.ofSeconds(10)).until(() -> recordedOffset(path) == 300_000);
            // What a request on another replica does: it cannot reach this one's memory, only the row.
            sql("UPDATE tus_upload SET release_requested = true WHERE id = ?", id);
            await().atMost(Duration.ofSeconds(10)).until(() -> lockOwner(path) == null);
        }
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 300_000).contentType(OCTET)
                .body(Arrays.copyOfRange(data, 300_000, size)).patch(path).then().statusCode(204);
        assertArrayEquals(data, Files.readAllBytes(staging(path)));
    }

    @Test
    void aRequestWaitsForTheLeaseOfAnUnresponsiveReplicaInsteadOfFailing() throws Exception {
        String path = newUpload(10);
        String id = TestUploads.id(path);
        // Another replica holds the lock for 3 more seconds and never answers the release request.
        sql("UPDATE tus_upload SET lock_owner = 'silent-replica', lock_until = now() + interval '3 seconds' "
                + "WHERE id = ?", id);
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 0).contentType(OCTET).body(bytes(10, 28))
                .patch(path).then().statusCode(204).header("Upload-Offset", "10");
        assertEquals(null, lockOwner(path));
    }

    @Test
    void expiredUploadsAnswer410AndAreSweptThenForgotten() throws Exception {
        String path = newUpload(100);
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 0).contentType(OCTET).body(bytes(10, 24))
                .patch(path).then().statusCode(204);
        String id = TestUploads.id(path);
        assertTrue(Files.exists(staging(path)));
        sql("UPDATE tus_upload SET expires_at = now() - interval '1 hour' WHERE id = ?", id);
        given().header("Tus-Resumable", "1.0.0").head(path).then().statusCode(410);
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 10).contentType(OCTET).body(bytes(10, 24))
                .patch(path).then().statusCode(410);
        assertTrue(sweeper.sweep().await().indefinitely() >= 1);
        assertFalse(Files.exists(staging(path)), "the sweeper deletes the bytes of an abandoned upload");
        given().header("Tus-Resumable", "1.0.0").head(path).then().statusCode(410);
        sql("UPDATE tus_upload SET expires_at = now() - interval '30 days' WHERE id = ?", id);
        sweeper.sweep().await().indefinitely();
        given().header("Tus-Resumable", "1.0.0").head(path).then().statusCode(404);
    }

    @Test
    void aLeaseLeftByACrashedReplicaIsTakenOverWithTheBytesOnDisk() throws Exception {
        int size = 100;
        byte[] data = bytes(size, 25);
        String path = newUpload(size);
        String id = TestUploads.id(path);
        // A replica wrote 60 bytes, recorded 40, and died holding the lock (lease already run out).
        Files.write(staging(path), Arrays.copyOfRange(data, 0, 60));
        sql("UPDATE tus_upload SET upload_offset = 40, lock_owner = 'dead-replica', lock_until = now() - interval "
                + "'1 second' WHERE id = ?", id);
        assertEquals(60, offset(path));
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 60).contentType(OCTET)
                .body(Arrays.copyOfRange(data, 60, size)).patch(path).then().statusCode(204);
        assertArrayEquals(data, Files.readAllBytes(staging(path)));
    }

    @Test
    void anUnverifiedChunkOfACrashedReplicaIsCutOff() throws Exception {
        String path = newUpload(100);
        String id = TestUploads.id(path);
        Files.write(staging(path), bytes(70, 26));
        sql("UPDATE tus_upload SET upload_offset = 30, lock_owner = 'dead-replica', lock_checksum = true, "
                + "lock_until = now() - interval '1 second' WHERE id = ?", id);
        assertEquals(30, offset(path));
        assertEquals(30, Files.size(staging(path)));
    }

    /** The offset the PATCH in progress has recorded (it does so every second while it holds the lock). */
    private long recordedOffset(String path) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement st = c.prepareStatement("SELECT upload_offset FROM tus_upload WHERE id = ?")) {
            st.setString(1, TestUploads.id(path));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String lockOwner(String path) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement st = c.prepareStatement("SELECT lock_owner FROM tus_upload WHERE id = ?")) {
            st.setString(1, TestUploads.id(path));
            try (var rs = st.executeQuery()) {
                rs.next();
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
