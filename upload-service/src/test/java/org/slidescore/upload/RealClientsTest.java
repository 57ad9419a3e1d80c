package org.slidescore.upload;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.slidescore.upload.TestUploads.b64;
import static org.slidescore.upload.TestUploads.finish;
import static org.slidescore.upload.TestUploads.requestUpload;
import static org.slidescore.upload.TestUploads.sha256;

/**
 * The upload flow with the clients people really use: tus-java-client 0.5.1 (POST + X-HTTP-Method-Override,
 * Expect: 100-continue, 4 KiB chunked bodies), tus-js-client 4.3.1 under Node, and requests shaped exactly like the
 * Python SDK's tuspy calls.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "upload"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
public class RealClientsTest {
    static final Path WORK = Path.of("target", "real-clients");
    static final Path NODE_DIR = Path.of("target", "tus-js");
    static final String TUS_JS = "tus-js-client@4.3.1";
    static Path file40;
    static Path file70;

    @BeforeAll
    static void files() throws IOException {
        file40 = TestUploads.file(WORK, "slide-40m.svs", 40_000_000L + 12_345, 40);
        file70 = TestUploads.file(WORK, "slide-70m.svs", 70L * 1024 * 1024 + 7, 70);
    }

    static String base() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private static void assertFinished(String jwt, String uploadUrl, String token, String folder, Path source)
            throws IOException {
        String id = uploadUrl.substring(uploadUrl.lastIndexOf('/') + 1);
        assertEquals("\"OK\"", finish(jwt, id, token));
        assertEquals(sha256(source), sha256(Path.of(TestUploads.IMAGES_ROOT, folder, source.getFileName().toString())));
    }

    // ------------------------------------------------------------ tus-java-client

    @Test
    void tusJavaClientUploadsAndResumes() throws Exception {
        String jwt = TestUploads.uploader();
        String token = requestUpload(jwt, "java-client", file40.getFileName().toString());
        TusURLMemoryStore store = new TusURLMemoryStore();
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URL(base() + "/files")); // QuPath's creation URL: no trailing slash
        client.enableResuming(store);
        TusUpload upload = new TusUpload(file40.toFile());
        Map<String, String> metadata = new HashMap<>();
        metadata.put("filename", file40.getFileName().toString());
        metadata.put("uploadtoken", token);
        metadata.put("apitoken", jwt);
        upload.setMetadata(metadata);

        TusUploader first = client.resumeOrCreateUpload(upload);
        first.setRequestPayloadSize(5 * 1024 * 1024); // QuPath's chunk
        while (first.getOffset() < 12 * 1024 * 1024) {
            assertTrue(first.uploadChunk() > 0);
        }
        first.finish();
        String uploadPath = TestUploads.path(first.getUploadURL().toString());
        long stoppedAt = TestUploads.offset(uploadPath);
        assertTrue(stoppedAt >= 10 * 1024 * 1024 && stoppedAt < Files.size(file40), "stopped at " + stoppedAt);

        // A new client resumes from the stored URL (HEAD, then more POST+override PATCHes).
        TusClient again = new TusClient();
        again.setUploadCreationURL(new URL(base() + "/files"));
        again.enableResuming(store);
        TusUpload sameFile = new TusUpload(file40.toFile()); // finish() closed the first one's stream
        sameFile.setMetadata(metadata);
        TusUploader second = again.resumeOrCreateUpload(sameFile);
        assertEquals(stoppedAt, second.getOffset());
        assertEquals(first.getUploadURL(), second.getUploadURL());
        while (second.uploadChunk() > -1) {
            // default 10 MiB payloads
        }
        second.finish();
        assertFinished(jwt, second.getUploadURL().toString(), token, "java-client", file40);
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() throws Exception {
        String jwt = TestUploads.uploader();
        String path = TestUploads.create(requestUpload(jwt, "java-client", "continue.bin"), jwt, 10);
        try (RawHttp raw = RawHttp.open(RestAssured.port)) {
            raw.write("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nTus-Resumable: 1.0.0\r\n"
                    + "X-HTTP-Method-Override: PATCH\r\nUpload-Offset: 0\r\nExpect: 100-continue\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nContent-Length: 10\r\n\r\n");
            assertEquals(100, raw.nextStatus(), "100 Continue comes before any body byte is sent");
            raw.write(new byte[10]);
            assertEquals(204, raw.status());
            assertEquals("10", raw.header("Upload-Offset"));
        }
    }

    // ------------------------------------------------------------ tus-js-client under Node

    public static synchronized Path tusJs() throws Exception {
        Path script = NODE_DIR.resolve("upload.cjs");
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/tus-js-client"))) {
            Files.createDirectories(NODE_DIR);
            Files.writeString(NODE_DIR.resolve("package.json"), "{\"name\":\"tus-js-test\",\"private\":true}");
            Process npm;
            try {
                npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", TUS_JS)
                        .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
            } catch (IOException e) {
                fail("npm is needed to install " + TUS_JS + " for this test: " + e.getMessage());
                return null;
            }
            boolean done = npm.waitFor(240, TimeUnit.SECONDS);
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done || npm.exitValue() != 0) {
                npm.destroyForcibly();
                fail("npm install " + TUS_JS + " failed (is the npm registry reachable?):\n" + out);
            }
        }
        try (var in = RealClientsTest.class.getResourceAsStream("/tus-js/upload.cjs")) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    static List<String> node(Path script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("node", script.getFileName().toString()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            fail("tus-js-client did not finish in time:\n" + out);
        }
        assertEquals(0, p.exitValue(), "tus-js-client failed:\n" + out);
        return out.lines().toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "chunks64", "override", "during-creation", "abort-resume"})
    void tusJsClient(String scenario) throws Exception {
        Path script = tusJs();
        Path source = scenario.equals("chunks64") ? file70 : file40;
        String jwt = TestUploads.uploader();
        String folder = "js-" + scenario;
        String token = requestUpload(jwt, folder, source.getFileName().toString());
        List<String> out = node(script, base() + "/files/", source.toAbsolutePath().toString(), token, jwt, scenario);
        String url = out.stream().filter(l -> l.startsWith("URL ")).findFirst()
                .orElseThrow(() -> new AssertionError("no upload URL in " + out)).substring(4);
        if (scenario.equals("abort-resume")) {
            assertTrue(out.stream().anyMatch(l -> l.startsWith("ABORTED ")), String.join("\n", out));
        }
        assertFinished(jwt, url, token, folder, source);
    }

    // ------------------------------------------------------------ tuspy / the Python SDK

    @Test
    void requestsShapedLikeThePythonSdk() throws Exception {
        String jwt = TestUploads.uploader();
        Path source = file40;
        String token = requestUpload(jwt, "./sdk/", source.getFileName().toString());
        // requests speaks HTTP/1.1 (the JDK client would otherwise try an h2c upgrade)
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI creation = URI.create(base() + "/files/");
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(creation)
                .header("Tus-Resumable", "1.0.0")
                .header("upload-length", Long.toString(Files.size(source)))
                .header("upload-metadata", "uploadtoken " + b64(token) + ",apitoken " + b64(jwt))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode());
        URI uploadUrl = creation.resolve(created.headers().firstValue("Location").orElseThrow());
        String fileId = uploadUrl.getPath().substring(uploadUrl.getPath().lastIndexOf('/') + 1);
        byte[] all = Files.readAllBytes(source);
        int chunk = 10 * 1000 * 1000;
        int patches = 0;
        for (int offset = 0; offset < all.length; offset += chunk) {
            byte[] body = Arrays.copyOfRange(all, offset, Math.min(all.length, offset + chunk));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uploadUrl)
                    .header("upload-offset", Integer.toString(offset))
                    .header("Content-Type", "application/offset+octet-stream")
                    .header("Tus-Resumable", "1.0.0")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, r.statusCode(), r.body());
            assertEquals(Long.toString(offset + body.length), r.headers().firstValue("Upload-Offset").orElseThrow());
            patches++;
        }
        assertEquals(5, patches);
        HttpResponse<String> finished = http.send(HttpRequest.newBuilder(URI.create(base() + "/Api/FinishUpload"))
                .header("Authorization", "Bearer " + jwt).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("id=" + fileId + "&token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, finished.statusCode());
        assertEquals("\"OK\"", finished.body());
        assertEquals(sha256(source), sha256(Path.of(TestUploads.IMAGES_ROOT, "sdk", source.getFileName().toString())));
    }
}
