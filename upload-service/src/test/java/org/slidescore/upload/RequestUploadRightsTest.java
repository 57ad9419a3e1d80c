package org.slidescore.upload;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slidescore.common.auth.Right;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/** RequestUpload: every right and restriction that decides it, and every way to name a path outside the root. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "upload"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class RequestUploadRightsTest {

    @BeforeAll
    static void folders() throws Exception {
        Path root = Path.of(TestUploads.IMAGES_ROOT);
        Files.createDirectories(root.resolve("existing"));
        Files.createDirectories(root.resolve("allowed/sub"));
        Files.createDirectories(root.resolve("other"));
        Path link = root.resolve("escape");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        }
    }

    static Response requestUpload(String jwt, String folder, String filename, String studyId) {
        var spec = given().header("Authorization", "Bearer " + jwt).contentType("application/x-www-form-urlencoded");
        if (filename != null) {
            spec.formParam("filename", filename);
        }
        if (folder != null) {
            spec.formParam("folder", folder);
        }
        if (studyId != null) {
            spec.formParam("studyId", studyId);
        }
        return spec.post("/Api/RequestUpload");
    }

    static void allowed(String jwt, String folder, String studyId) {
        requestUpload(jwt, folder, "slide.svs", studyId).then().statusCode(200)
                .body(matchesPattern("\\{\"token\":\"[A-Za-z0-9_-]+\"}"));
    }

    static void refused(String jwt, String folder, String filename, String studyId, String reason) {
        requestUpload(jwt, folder, filename, studyId).then().statusCode(200)
                .contentType(containsString("application/json"))
                .body(startsWith("\"")).body(containsString(reason));
    }

    @Test
    void canUploadIsRequired() {
        refused(TestTokens.with(Right.CanCreateUploadFolders, Right.CanGetPixels), "existing", "a.svs", null, "CanUpload");
        refused(TestTokens.none(), "", "a.svs", null, "CanUpload");
    }

    @Test
    void canUploadIntoExistingFoldersAndTheRoot() {
        String jwt = TestTokens.with(Right.CanUpload);
        allowed(jwt, "existing", null);
        allowed(jwt, "./existing/", null);
        allowed(jwt, "", null);
        allowed(jwt, "allowed/sub", null);
    }

    @Test
    void aNewFolderNeedsCanCreateUploadFolders() {
        refused(TestTokens.with(Right.CanUpload), "brand-new", "a.svs", null, "CanCreateUploadFolders");
        refused(TestTokens.with(Right.CanUpload), "existing/deeper", "a.svs", null, "CanCreateUploadFolders");
        allowed(TestTokens.with(Right.CanUpload, Right.CanCreateUploadFolders), "brand-new", null);
    }

    @ParameterizedTest
    @CsvSource({"allowed,true", "allowed/sub,true", "allowed/new,true", "./allowed,true", "other,false",
            "allowedx,false", "'',false", "allowed/../other,false"})
    void uploadOnlyInFoldersRestrictsTheFolder(String folder, boolean ok) {
        String jwt = TestTokens.builder().rights(Right.CanUpload, Right.CanCreateUploadFolders)
                .uploadOnlyInFolders("allowed").sign();
        if (ok) {
            allowed(jwt, folder, null);
        } else {
            requestUpload(jwt, folder, "slide.svs", null).then().statusCode(200).body(startsWith("\""));
        }
    }

    @Test
    void studyIdWithoutFolderUploadsIntoTheStudysFolder() {
        String jwt = TestTokens.with(Right.CanUpload, Right.CanCreateUploadFolders);
        String token = requestUpload(jwt, "", "slide.svs", "7").then().statusCode(200).extract().jsonPath()
                .getString("token");
        byte[] data = TestUploads.bytes(10, 1);
        String path = TestUploads.create(token, jwt, data.length);
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 0)
                .contentType("application/offset+octet-stream").body(data).patch(path).then().statusCode(204);
        org.junit.jupiter.api.Assertions.assertEquals("\"OK\"", TestUploads.finish(jwt, TestUploads.id(path), token));
        org.junit.jupiter.api.Assertions.assertTrue(Files.exists(Path.of(TestUploads.IMAGES_ROOT, "Liver", "slide.svs")));
    }

    @Test
    void studyIdObeysModifyOnlyStudies() {
        String kidneyOnly = TestTokens.builder().rights(Right.CanUpload, Right.CanCreateUploadFolders)
                .modifyOnlyStudies("Kidney").sign();
        refused(kidneyOnly, null, "slide.svs", "7", "may not modify study Liver");
        allowed(kidneyOnly, null, "8");
        String byId = TestTokens.builder().rights(Right.CanUpload, Right.CanCreateUploadFolders)
                .modifyOnlyStudies("7").sign();
        allowed(byId, "", "7");
    }

    @Test
    void unknownStudyIsRefused() {
        refused(TestTokens.with(Right.CanUpload, Right.CanCreateUploadFolders), "", "slide.svs", "99", "does not exist");
    }

    @Test
    void missingFilenameIsRefused() {
        refused(TestTokens.with(Right.CanUpload), "existing", null, null, "filename");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "existing/../../outside", "/etc", "C:\\Windows", "a\\..\\..\\x", "..",
            ".staging", "existing/.hidden", "escape", "escape/deeper"})
    void foldersOutsideTheRootAreRefused(String folder) {
        refused(TestTokens.all(), folder, "slide.svs", null, "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../slide.svs", "a/b.svs", "a\\b.svs", "..", ".", ".hidden", "tab\there.svs",
            "nul\u0000.svs"})
    void fileNamesMustBePlain(String filename) {
        refused(TestTokens.all(), "existing", filename, null, "");
    }

    @Test
    void missingOrBadTokensAre401() {
        given().contentType("application/x-www-form-urlencoded").formParam("filename", "a.svs")
                .post("/Api/RequestUpload").then().statusCode(401);
        requestUpload(TestTokens.expired(), "", "a.svs", null).then().statusCode(401);
        requestUpload(TestTokens.badSignature(), "", "a.svs", null).then().statusCode(401);
    }
}
