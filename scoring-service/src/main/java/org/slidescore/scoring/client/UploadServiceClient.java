package org.slidescore.scoring.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * upload-service as scoring-service uses it: the internal call that mints an upload token for an anno2 zip, a tus
 * upload of a zip scoring-service wrote itself (conversions), and FinishUpload with the caller's API token.
 */
@ApplicationScoped
public class UploadServiceClient {
    private final WebClient client;
    private final String base;

    public UploadServiceClient(Vertx vertx,
                               @ConfigProperty(name = "slidescore.services.upload-url", defaultValue = "http://127.0.0.1:8081") String baseUrl) {
        this.client = WebClient.create(vertx);
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * upload-service's public {@code FinishUpload} ({@code id}, {@code token}) with the caller's API token; completes
     * with nothing when it answers {@code "OK"}, else fails with what it said.
     */
    public Uni<Void> finishUpload(String uploadId, String uploadToken, String bearerJwt) {
        io.vertx.mutiny.core.MultiMap form = io.vertx.mutiny.core.MultiMap.caseInsensitiveMultiMap()
                .add("id", uploadId).add("token", uploadToken);
        return client.postAbs(base + "/Api/FinishUpload")
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .putHeader(HttpHeaders.AUTHORIZATION.toString(), "Bearer " + bearerJwt)
                .timeout(60_000)
                .sendForm(form)
                .map(r -> {
                    String body = r.bodyAsString();
                    if (r.statusCode() == 200 && "\"OK\"".equals(body)) {
                        return null;
                    }
                    String why = body == null ? "" : body;
                    if (why.startsWith("\"") && why.endsWith("\"") && why.length() >= 2) {
                        why = new io.vertx.core.json.JsonArray("[" + why + "]").getString(0);
                    }
                    throw new IllegalStateException(r.statusCode() == 200 ? why
                            : "upload-service answered " + r.statusCode() + (why.isEmpty() ? "" : ": " + why));
                });
    }

    /**
     * Uploads {@code bytes} with tus 1.0.0 as a client would: {@code POST /files/} with {@code Upload-Length} and the
     * metadata {@code uploadtoken}, {@code apitoken}, {@code filename}, then one {@code PATCH} from offset 0. Completes
     * with the upload id (the last segment of {@code Location}), to be finished with {@link #finishUpload}.
     */
    public Uni<String> upload(String uploadToken, String apiJwt, String filename, byte[] bytes) {
        String metadata = "uploadtoken " + b64(uploadToken) + ",apitoken " + b64(apiJwt) + ",filename " + b64(filename);
        return client.postAbs(base + "/files/")
                .putHeader("Tus-Resumable", "1.0.0")
                .putHeader("Upload-Length", Long.toString(bytes.length))
                .putHeader("Upload-Metadata", metadata)
                .timeout(30_000)
                .send()
                .map(r -> {
                    String location = r.getHeader("Location");
                    if (r.statusCode() != 201 || location == null || location.isBlank()) {
                        throw new IllegalStateException("upload-service refused the upload (" + r.statusCode() + ")"
                                + detail(r.bodyAsString()));
                    }
                    String path = location.replaceAll("[?#].*$", "");
                    String id = path.substring(path.lastIndexOf('/') + 1);
                    if (!id.matches("[A-Za-z0-9_-]+")) {
                        throw new IllegalStateException("upload-service answered an odd upload location: " + location);
                    }
                    return id;
                })
                .chain(id -> client.patchAbs(base + "/files/" + id)
                        .putHeader("Tus-Resumable", "1.0.0")
                        .putHeader("Upload-Offset", "0")
                        .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/offset+octet-stream")
                        .timeout(300_000)
                        .sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(bytes))
                        .map(r -> {
                            String offset = r.getHeader("Upload-Offset");
                            if (r.statusCode() != 204 || !Long.toString(bytes.length).equals(offset)) {
                                throw new IllegalStateException("upload-service did not take the upload ("
                                        + r.statusCode() + ", offset " + offset + ")" + detail(r.bodyAsString()));
                            }
                            return id;
                        }));
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        return ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
    }

    /** {@code POST /internal/upload-tokens {"folder","filename","tokenId"}} → the upload token. */
    public Uni<String> uploadToken(String folder, String filename, String tokenId) {
        JsonObject body = new JsonObject().put("folder", folder).put("filename", filename).put("tokenId", tokenId);
        return client.postAbs(base + "/internal/upload-tokens")
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .timeout(10_000)
                .sendJsonObject(body)
                .map(r -> {
                    if (r.statusCode() != 200) {
                        String detail = r.bodyAsString();
                        try {
                            detail = new JsonObject(detail).getString("detail", detail);
                        } catch (RuntimeException ignored) {
                            // not a problem document; keep the text
                        }
                        throw new IllegalStateException("upload-service refused an upload token (" + r.statusCode()
                                + "): " + detail);
                    }
                    String token = r.bodyAsJsonObject().getString("token");
                    if (token == null || token.isBlank()) {
                        throw new IllegalStateException("upload-service answered without a token");
                    }
                    return token;
                });
    }
}
