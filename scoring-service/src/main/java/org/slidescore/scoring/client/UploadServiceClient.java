package org.slidescore.scoring.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** upload-service's internal call that mints an upload token for an anno2 zip. */
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
