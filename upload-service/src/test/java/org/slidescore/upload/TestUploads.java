package org.slidescore.upload;

import io.restassured.response.Response;
import org.slidescore.common.auth.Right;
import org.slidescore.testsupport.TestTokens;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

/** Helpers shared by the upload tests: tokens, RequestUpload, tus creation, deterministic content. */
public final class TestUploads {
    public static final String IMAGES_ROOT = "target/test-images";

    /** An API token that may upload anywhere and create folders, with a fresh id. */
    public static String uploader() {
        return TestTokens.builder().rights(Right.CanUpload, Right.CanCreateUploadFolders).sign();
    }

    /** RequestUpload, expected to succeed; answers the upload token. */
    public static String requestUpload(String jwt, String folder, String filename) {
        Response r = given().header("Authorization", "Bearer " + jwt).contentType("application/x-www-form-urlencoded")
                .formParam("filename", filename).formParam("folder", folder)
                .post("/Api/RequestUpload");
        r.then().statusCode(200).body(startsWith("{"));
        return r.jsonPath().getString("token");
    }

    public static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Upload-Metadata as the Python SDK sends it. */
    public static String metadata(String uploadToken, String jwt) {
        return "uploadtoken " + b64(uploadToken) + ",apitoken " + b64(jwt);
    }

    /** Creates a tus upload of {@code length} bytes; answers its URL path {@code /files/<id>}. */
    public static String create(String uploadToken, String jwt, long length) {
        String location = given().header("Tus-Resumable", "1.0.0").header("Upload-Length", length)
                .header("Upload-Metadata", metadata(uploadToken, jwt))
                .post("/files/").then().statusCode(201).extract().header("Location");
        return path(location);
    }

    public static String path(String location) {
        return location.substring(location.indexOf("/files/"));
    }

    public static String id(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static long offset(String path) {
        return Long.parseLong(given().header("Tus-Resumable", "1.0.0").head(path).then().statusCode(200)
                .extract().header("Upload-Offset"));
    }

    /** Deterministic pseudo-random bytes. */
    public static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes a deterministic pseudo-random file of {@code n} bytes. */
    public static Path file(Path dir, String name, long n, long seed) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Random random = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (var out = Files.newOutputStream(f)) {
            long left = n;
            while (left > 0) {
                random.nextBytes(buf);
                int k = (int) Math.min(buf.length, left);
                out.write(buf, 0, k);
                left -= k;
            }
        }
        return f;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String finish(String jwt, String id, String uploadToken) {
        return given().header("Authorization", "Bearer " + jwt).contentType("application/x-www-form-urlencoded")
                .formParam("id", id).formParam("token", uploadToken)
                .post("/Api/FinishUpload").then().statusCode(200).extract().asString();
    }

    private TestUploads() {
    }
}
