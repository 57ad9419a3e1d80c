package org.slidescore.upload.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.common.wire.WireException;

import java.net.URI;
import java.time.Duration;

/**
 * Asks study-service for a study's name (RequestUpload with {@code studyId} and no folder uploads into the folder
 * named like the study). Contract: {@code GET <study-url>/internal/studies/{id}} answers {@code {"id":..,"name":".."}},
 * 404 when the study does not exist.
 */
@ApplicationScoped
public class StudyDirectory {
    private final WebClient client;
    private final URI base;

    public StudyDirectory(Vertx vertx, @ConfigProperty(name = "slidescore.services.study-url",
            defaultValue = "http://127.0.0.1:8082") String studyUrl) {
        this.client = WebClient.create(vertx);
        this.base = URI.create(studyUrl.endsWith("/") ? studyUrl.substring(0, studyUrl.length() - 1) : studyUrl);
    }

    public Uni<String> studyName(long studyId, String bearer) {
        return client.getAbs(base + "/internal/studies/" + studyId)
                .putHeader("Accept", "application/json")
                .putHeader("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(10).toMillis())
                .send()
                .onFailure().transform(e -> new WireException("The study service cannot be reached"))
                .map(res -> {
                    if (res.statusCode() == 404) {
                        throw new WireException("Study " + studyId + " does not exist");
                    }
                    if (res.statusCode() != 200) {
                        throw new WireException("The study service answered " + res.statusCode());
                    }
                    JsonObject body;
                    try {
                        body = res.bodyAsJsonObject();
                    } catch (RuntimeException e) {
                        throw new WireException("The study service answered something unreadable");
                    }
                    String name = body == null ? null : body.getString("name");
                    if (name == null || name.isBlank()) {
                        throw new WireException("Study " + studyId + " has no name");
                    }
                    return name;
                });
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
