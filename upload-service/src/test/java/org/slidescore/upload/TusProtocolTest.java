package org.slidescore.upload;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;

import java.security.MessageDigest;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slidescore.upload.TestUploads.bytes;
import static org.slidescore.upload.TestUploads.create;
import static org.slidescore.upload.TestUploads.metadata;
import static org.slidescore.upload.TestUploads.offset;

/** Raw HTTP against every status of the tus 1.0.0 checklist (docs/tus.md §1). */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "upload"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class TusProtocolTest {
    static final String OCTET = "application/offset+octet-stream";
    String jwt;
    String token;

    @BeforeEach
    void token() {
        jwt = TestUploads.uploader();
        token = TestUploads.requestUpload(jwt, "tus", "protocol.bin");
    }

    private String newUpload(long length) {
        return create(token, jwt, length);
    }

    private io.restassured.specification.RequestSpecification tus() {
        return given().header("Tus-Resumable", "1.0.0");
    }

    private Response patch(String path, long offset, byte[] body) {
        return tus().header("Upload-Offset", offset).contentType(OCTET).body(body).patch(path);
    }

    static String digest(String algorithm, byte[] data) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(data));
    }

    // ------------------------------------------------------------ OPTIONS, CORS

    @Test
    void optionsDiscovery() {
        for (String path : new String[]{"/files", "/files/"}) {
            given().options(path).then().statusCode(204)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Tus-Version", "1.0.0")
                    .header("Tus-Extension", "creation,creation-with-upload,creation-defer-length,checksum,expiration,termination")
                    .header("Tus-Max-Size", "50000000000")
                    .header("Tus-Checksum-Algorithm", "sha1,md5,sha256");
        }
    }

    @Test
    void optionsIgnoresAnUnsupportedVersion() {
        given().header("Tus-Resumable", "0.2.2").options("/files/").then().statusCode(204).header("Tus-Version", "1.0.0");
    }

    @Test
    void corsPreflightAndExposedHeaders() {
        given().header("Origin", "https://viewer.example").header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "Upload-Offset, Tus-Resumable, Content-Type")
                .options("/files/").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://viewer.example")
                .header("Vary", "Origin")
                .header("Access-Control-Allow-Methods", "POST, HEAD, PATCH, OPTIONS, GET, DELETE")
                .header("Access-Control-Allow-Headers", containsString("Upload-Checksum"))
                .header("Access-Control-Allow-Headers", containsString("X-HTTP-Method-Override"))
                .header("Access-Control-Max-Age", "86400");
        tus().header("Origin", "https://viewer.example").header("Upload-Length", 1)
                .header("Upload-Metadata", metadata(token, jwt)).post("/files/").then().statusCode(201)
                .header("Access-Control-Allow-Origin", "https://viewer.example")
                .header("Access-Control-Expose-Headers", containsString("Location"))
                .header("Access-Control-Expose-Headers", containsString("Upload-Offset"))
                .header("Access-Control-Expose-Headers", containsString("Upload-Expires"));
    }

    // ------------------------------------------------------------ Tus-Resumable

    @Test
    void missingOrUnsupportedVersionIs412WithTusVersionOnEveryMethod() {
        String path = newUpload(10);
        given().header("Upload-Length", 5).header("Upload-Metadata", metadata(token, jwt)).post("/files/")
                .then().statusCode(412).header("Tus-Version", "1.0.0").header("Tus-Resumable", "1.0.0");
        given().header("Tus-Resumable", "0.2.2").head(path).then().statusCode(412).header("Tus-Version", "1.0.0");
        given().header("Tus-Resumable", "2.0.0").header("Upload-Offset", 0).contentType(OCTET).body(new byte[3])
                .patch(path).then().statusCode(412).header("Tus-Version", "1.0.0");
        given().delete(path).then().statusCode(412);
        assertEquals(0, offset(path), "a refused request changes nothing");
    }

    // ------------------------------------------------------------ POST

    @Test
    void creationAnswers201WithLocationOnBothCreationUrls() {
        for (String url : new String[]{"/files", "/files/"}) {
            String location = tus().header("Upload-Length", 42).header("Upload-Metadata", metadata(token, jwt))
                    .post(url).then().statusCode(201)
                    .header("Location", matchesPattern("http://[^/]+/files/[0-9a-f]{32}"))
                    .header("Upload-Expires", notNullValue())
                    .header("Tus-Resumable", "1.0.0")
                    .extract().header("Location");
            tus().head(TestUploads.path(location)).then().statusCode(200).header("Upload-Offset", "0")
                    .header("Upload-Length", "42");
        }
    }

    @Test
    void creationHonoursForwardedHostAndProto() {
        tus().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "slides.example.org")
                .header("Upload-Length", 1).header("Upload-Metadata", metadata(token, jwt)).post("/files/")
                .then().statusCode(201).header("Location", matchesPattern("https://slides\\.example\\.org/files/[0-9a-f]{32}"));
    }

    @Test
    void creationNeedsExactlyOneLengthHeader() {
        String md = metadata(token, jwt);
        tus().header("Upload-Metadata", md).post("/files/").then().statusCode(400);
        tus().header("Upload-Metadata", md).header("Upload-Length", 5).header("Upload-Defer-Length", 1)
                .post("/files/").then().statusCode(400);
        tus().header("Upload-Metadata", md).header("Upload-Defer-Length", 2).post("/files/").then().statusCode(400);
        tus().header("Upload-Metadata", md).header("Upload-Length", -1).post("/files/").then().statusCode(400);
        tus().header("Upload-Metadata", md).header("Upload-Length", "ten").post("/files/").then().statusCode(400);
    }

    @Test
    void creationLongerThanMaxSizeIs413() {
        tus().header("Upload-Metadata", metadata(token, jwt)).header("Upload-Length", 50_000_000_001L)
                .post("/files/").then().statusCode(413).header("Tus-Resumable", "1.0.0");
    }

    @Test
    void creationChecksMetadata() {
        tus().header("Upload-Length", 5).post("/files/").then().statusCode(400)
                .body(containsString("uploadtoken"));
        tus().header("Upload-Length", 5).header("Upload-Metadata", "uploadtoken " + TestUploads.b64(token))
                .post("/files/").then().statusCode(400);
        tus().header("Upload-Length", 5).header("Upload-Metadata", "uploadtoken %%%,apitoken abc")
                .post("/files/").then().statusCode(400);
        tus().header("Upload-Length", 5)
                .header("Upload-Metadata", metadata(token, jwt) + ",uploadtoken " + TestUploads.b64(token))
                .post("/files/").then().statusCode(400).body(containsString("twice"));
    }

    @Test
    void emptyUploadIsCompleteAtCreation() {
        String path = newUpload(0);
        tus().head(path).then().statusCode(200).header("Upload-Offset", "0").header("Upload-Length", "0");
    }

    @Test
    void creationWithUpload() {
        byte[] data = bytes(3000, 11);
        tus().header("Upload-Length", 5000).header("Upload-Metadata", metadata(token, jwt))
                .contentType(OCTET).body(data).post("/files/").then().statusCode(201)
                .header("Upload-Offset", "3000").header("Location", notNullValue());
    }

    @Test
    void creationWithUploadNeedsTheOffsetContentType() {
        tus().header("Upload-Length", 5000).header("Upload-Metadata", metadata(token, jwt))
                .contentType("text/plain").body("hello").post("/files/").then().statusCode(415);
    }

    @Test
    void creationWithUploadLongerThanUploadLengthIs413() {
        tus().header("Upload-Length", 10).header("Upload-Metadata", metadata(token, jwt))
                .contentType(OCTET).body(new byte[11]).post("/files/").then().statusCode(413);
    }

    // ------------------------------------------------------------ HEAD

    @Test
    void headReportsOffsetLengthMetadataAndNoStore() {
        String md = metadata(token, jwt) + ",filename " + TestUploads.b64("slide 1.svs") + ",empty";
        String path = TestUploads.path(tus().header("Upload-Length", 100).header("Upload-Metadata", md)
                .post("/files/").then().statusCode(201).extract().header("Location"));
        tus().head(path).then().statusCode(200)
                .header("Upload-Offset", "0")
                .header("Upload-Length", "100")
                .header("Upload-Metadata", md)
                .header("Cache-Control", "no-store")
                .header("Upload-Expires", notNullValue());
        patch(path, 0, bytes(40, 1)).then().statusCode(204);
        tus().head(path).then().statusCode(200).header("Upload-Offset", "40");
    }

    @Test
    void headOfUnknownUploadIs404WithoutOffset() {
        tus().head("/files/0123456789abcdef0123456789abcdef").then().statusCode(404)
                .header("Upload-Offset", nullValue()).header("Tus-Resumable", "1.0.0");
        tus().head("/files/not-an-id").then().statusCode(404);
    }

    @Test
    void headOfDeferredUpload() {
        String path = TestUploads.path(tus().header("Upload-Defer-Length", 1).header("Upload-Metadata", metadata(token, jwt))
                .post("/files/").then().statusCode(201).extract().header("Location"));
        tus().head(path).then().statusCode(200).header("Upload-Defer-Length", "1")
                .header("Upload-Length", nullValue()).header("Upload-Offset", "0");
    }

    // ------------------------------------------------------------ PATCH

    @Test
    void patchAppendsAndAnswersTheNewOffset() {
        String path = newUpload(100);
        patch(path, 0, bytes(60, 2)).then().statusCode(204).header("Upload-Offset", "60")
                .header("Upload-Expires", notNullValue()).header("Tus-Resumable", "1.0.0");
        patch(path, 60, bytes(40, 3)).then().statusCode(204).header("Upload-Offset", "100");
        assertEquals(100, offset(path));
    }

    @Test
    void patchAtTheWrongOffsetIs409AndChangesNothing() {
        String path = newUpload(100);
        patch(path, 0, bytes(10, 2)).then().statusCode(204);
        patch(path, 5, bytes(10, 2)).then().statusCode(409);
        patch(path, 0, bytes(10, 2)).then().statusCode(409);
        assertEquals(10, offset(path));
    }

    @Test
    void patchNeedsTheOffsetContentType() {
        String path = newUpload(100);
        tus().header("Upload-Offset", 0).contentType("application/octet-stream").body(new byte[5]).patch(path)
                .then().statusCode(415).header("Tus-Resumable", "1.0.0");
        tus().header("Upload-Offset", 0).body(new byte[5]).patch(path).then().statusCode(415);
        assertEquals(0, offset(path));
    }

    @Test
    void patchWithoutOrWithABadOffsetIs400() {
        String path = newUpload(100);
        tus().contentType(OCTET).body(new byte[5]).patch(path).then().statusCode(400);
        tus().header("Upload-Offset", "-3").contentType(OCTET).body(new byte[5]).patch(path).then().statusCode(400);
        tus().header("Upload-Offset", "x").contentType(OCTET).body(new byte[5]).patch(path).then().statusCode(400);
    }

    @Test
    void patchOfUnknownUploadIs404() {
        patch("/files/0123456789abcdef0123456789abcdef", 0, new byte[3]).then().statusCode(404);
    }

    @Test
    void patchBeyondUploadLengthIs413AndKeepsTheOffset() {
        String path = newUpload(100);
        patch(path, 0, bytes(50, 4)).then().statusCode(204);
        patch(path, 50, bytes(51, 4)).then().statusCode(413);
        assertEquals(50, offset(path));
    }

    @Test
    void chunkedPatchBeyondUploadLengthIs413AndKeepsTheOffset() throws Exception {
        String path = newUpload(100);
        patch(path, 0, bytes(50, 4)).then().statusCode(204);
        String head = "PATCH " + path + " HTTP/1.1\r\nHost: localhost\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 50\r\n"
                + "Content-Type: application/offset+octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
        try (RawHttp raw = RawHttp.open(RestAssured.port)) {
            raw.write(head);
            raw.chunk(bytes(30, 5));
            raw.chunk(bytes(30, 6));
            raw.write("0\r\n\r\n");
            assertEquals(413, raw.status());
        }
        assertEquals(50, offset(path));
        patch(path, 50, bytes(50, 7)).then().statusCode(204).header("Upload-Offset", "100");
    }

    @Test
    void emptyPatchOnACompleteUploadIs204() {
        String path = newUpload(10);
        patch(path, 0, bytes(10, 8)).then().statusCode(204);
        patch(path, 10, new byte[0]).then().statusCode(204).header("Upload-Offset", "10");
        patch(path, 10, new byte[1]).then().statusCode(413);
    }

    @Test
    void methodOverrideTurnsAPostIntoAPatchOrHead() {
        String path = newUpload(20);
        tus().header("X-HTTP-Method-Override", "PATCH").header("Upload-Offset", 0).contentType(OCTET)
                .body(bytes(20, 9)).post(path).then().statusCode(204).header("Upload-Offset", "20");
        tus().header("X-HTTP-Method-Override", "HEAD").post(path).then().statusCode(200).header("Upload-Offset", "20");
        tus().post(path).then().statusCode(405);
    }

    // ------------------------------------------------------------ deferred length

    @Test
    void deferredLengthIsDeclaredByALaterPatch() {
        String path = TestUploads.path(tus().header("Upload-Defer-Length", 1).header("Upload-Metadata", metadata(token, jwt))
                .post("/files/").then().statusCode(201).extract().header("Location"));
        patch(path, 0, bytes(30, 10)).then().statusCode(204).header("Upload-Offset", "30");
        tus().header("Upload-Offset", 30).header("Upload-Length", 50).contentType(OCTET).body(bytes(20, 11))
                .patch(path).then().statusCode(204).header("Upload-Offset", "50");
        tus().head(path).then().statusCode(200).header("Upload-Length", "50").header("Upload-Defer-Length", nullValue());
        tus().header("Upload-Offset", 50).header("Upload-Length", 60).contentType(OCTET).body(new byte[0])
                .patch(path).then().statusCode(400);
    }

    // ------------------------------------------------------------ checksum

    @Test
    void checksumMismatchIs460AndDiscardsTheChunk() throws Exception {
        String path = newUpload(100);
        byte[] data = bytes(40, 12);
        tus().header("Upload-Offset", 0).header("Upload-Checksum", "sha1 " + digest("SHA-1", bytes(40, 13)))
                .contentType(OCTET).body(data).patch(path).then().statusCode(460);
        assertEquals(0, offset(path));
        tus().header("Upload-Offset", 0).header("Upload-Checksum", "sha1 " + digest("SHA-1", data))
                .contentType(OCTET).body(data).patch(path).then().statusCode(204).header("Upload-Offset", "40");
        byte[] more = bytes(30, 14);
        tus().header("Upload-Offset", 40).header("Upload-Checksum", "md5 " + digest("MD5", more))
                .contentType(OCTET).body(more).patch(path).then().statusCode(204).header("Upload-Offset", "70");
        byte[] last = bytes(30, 15);
        tus().header("Upload-Offset", 70).header("Upload-Checksum", "sha256 " + digest("SHA-256", bytes(30, 16)))
                .contentType(OCTET).body(last).patch(path).then().statusCode(460);
        tus().header("Upload-Offset", 70).header("Upload-Checksum", "sha256 " + digest("SHA-256", last))
                .contentType(OCTET).body(last).patch(path).then().statusCode(204).header("Upload-Offset", "100");
    }

    @Test
    void unsupportedChecksumAlgorithmIs400() {
        String path = newUpload(10);
        tus().header("Upload-Offset", 0).header("Upload-Checksum", "crc32 AAAAAA==").contentType(OCTET)
                .body(new byte[10]).patch(path).then().statusCode(400);
        tus().header("Upload-Offset", 0).header("Upload-Checksum", "sha1 not*base64").contentType(OCTET)
                .body(new byte[10]).patch(path).then().statusCode(400);
        assertEquals(0, offset(path));
    }

    // ------------------------------------------------------------ termination

    @Test
    void terminationAnswers204AndThen410() {
        String path = newUpload(100);
        patch(path, 0, bytes(10, 17)).then().statusCode(204);
        tus().delete(path).then().statusCode(204).body(emptyOrNullString());
        tus().head(path).then().statusCode(410);
        patch(path, 10, bytes(10, 17)).then().statusCode(410);
        tus().delete(path).then().statusCode(410);
        tus().delete("/files/0123456789abcdef0123456789abcdef").then().statusCode(404);
    }

    @Test
    void unknownMethodIs405() {
        String path = newUpload(1);
        tus().get(path).then().statusCode(405).header("Tus-Resumable", "1.0.0");
        tus().put("/files/").then().statusCode(405);
    }

    @Test
    void errorsCarryTusResumable() {
        tus().header("Upload-Length", 1).header("Upload-Metadata", "uploadtoken " + TestUploads.b64("nope")
                        + ",apitoken " + TestUploads.b64(jwt))
                .post("/files/").then().statusCode(403).header("Tus-Resumable", "1.0.0");
    }

    @Test
    void metadataWithNonAsciiIsRefused() {
        tus().header("Upload-Length", 1).header("Upload-Metadata", metadata(token, jwt) + ",name \u00e9")
                .post("/files/").then().statusCode(400);
    }

    @Test
    void bodyIsNotLimitedByQuarkusMaxBodySize() {
        int size = 12 * 1024 * 1024; // above Quarkus's default 10 MB limit
        String path = newUpload(size);
        patch(path, 0, bytes(size, 18)).then().statusCode(204).header("Upload-Offset", Integer.toString(size));
        given().header("Tus-Resumable", "1.0.0").head(path).then().header("Upload-Offset", equalTo(Integer.toString(size)));
    }
}
