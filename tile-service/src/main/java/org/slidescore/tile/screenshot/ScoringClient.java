package org.slidescore.tile.screenshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.common.wire.WireException;

import java.net.URI;

/**
 * A user's annotations for screenshots, from scoring-service's {@code GET /internal/annotations?imageId=&user=&question=}
 * (forwarding the caller's token). The answer is read tolerantly: a JSON array of answers, each with a colour
 * ({@code color}) and the shapes ({@code shapes}, or {@code value}/{@code answer} holding the AnnoShapes/AnnoPoints
 * JSON, as text or inline).
 */
@ApplicationScoped
public class ScoringClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebClient client;
    private final URI base;

    public ScoringClient(Vertx vertx, @ConfigProperty(name = "slidescore.services.scoring-url",
            defaultValue = "http://127.0.0.1:8083") String url) {
        this.client = WebClient.create(vertx);
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
    }

    public Uni<JsonNode> annotations(long imageId, String user, String question, String scoreIds, String bearer) {
        URI uri = base.resolve("internal/annotations");
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        HttpRequest<Buffer> req = client.get(port, uri.getHost(), uri.getRawPath()).ssl("https".equals(uri.getScheme()))
                .timeout(20_000).addQueryParam("imageId", Long.toString(imageId)).addQueryParam("user", user)
                .putHeader("Accept", "application/json");
        if (question != null && !question.isBlank()) {
            req.addQueryParam("question", question);
        }
        if (scoreIds != null && !scoreIds.isBlank()) {
            for (String id : scoreIds.split("[,;\\s]+")) {
                if (id.matches("\\d{1,18}")) {
                    req.addQueryParam("questionId", id);
                }
            }
        }
        if (bearer != null) {
            req.putHeader("Authorization", "Bearer " + bearer);
        }
        return req.send().map(resp -> {
            if (resp.statusCode() == 404) {
                String detail = "";
                try {
                    detail = JSON.readTree(resp.bodyAsString()).path("detail").asText("");
                } catch (Exception ignored) {
                    // no problem details: keep the generic message
                }
                throw new WireException("No annotations can be drawn for " + user + (detail.isEmpty() ? "" : ": " + detail));
            }
            if (resp.statusCode() != 200) {
                throw new WireException("The annotations of " + user + " could not be read (scoring-service answered "
                        + resp.statusCode() + ")");
            }
            try {
                return JSON.readTree(resp.bodyAsString());
            } catch (Exception e) {
                throw new WireException("scoring-service answered annotations that are not JSON");
            }
        }).onFailure(e -> !(e instanceof WireException)).transform(e ->
                new WireException("The annotations of " + user + " could not be read: scoring-service is not reachable"));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
