package org.slidescore.scoring.client;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Synchronous calls to study-service: the read-through of unknown studies and adding imported annotation questions. */
@ApplicationScoped
public class StudyServiceClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebClient client;
    private final URI base;

    public StudyServiceClient(Vertx vertx,
                              @ConfigProperty(name = "slidescore.services.study-url", defaultValue = "http://127.0.0.1:8082") String baseUrl) {
        this.client = WebClient.create(vertx);
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The current snapshot of a study ({@code GET /internal/studies/{id}}), empty when study-service has no such study. */
    public Uni<Optional<StudyChanged>> study(long studyId) {
        return client.getAbs(base + "/internal/studies/" + studyId)
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .timeout(TIMEOUT.toMillis())
                .send()
                .map(r -> {
                    if (r.statusCode() == 404) {
                        return Optional.<StudyChanged>empty();
                    }
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("study-service answered " + r.statusCode() + " for study "
                                + studyId);
                    }
                    return Optional.of(EventJson.read(r.bodyAsString(), StudyChanged.class));
                });
    }

    /**
     * The id of the study an image belongs to ({@code GET /internal/images/{id}}), empty when study-service has no
     * such image.
     */
    public Uni<Optional<Long>> studyOfImage(long imageId) {
        return client.getAbs(base + "/internal/images/" + imageId)
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .timeout(TIMEOUT.toMillis())
                .send()
                .map(r -> {
                    if (r.statusCode() == 404) {
                        return Optional.<Long>empty();
                    }
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("study-service answered " + r.statusCode() + " for image "
                                + imageId);
                    }
                    return Optional.of(r.bodyAsJsonObject().getLong("studyId"));
                });
    }

    /**
     * Adds an annotation question to a study for an annotation import, through study-service's internal
     * {@code POST /internal/studies/{id}/annotation-questions} with the caller's own token: study-service checks that
     * token for the import's rights ({@code CanUploadScores} and modify access), not for {@code CanReimportStudies},
     * which the public {@code AddQuestion} needs. Answers the question's id (an existing one with the same name, type
     * and colour counts); fails with study-service's reason when it refuses.
     */
    public Uni<Long> addAnnotationQuestion(long studyId, String name, String type, String config, String bearerJwt) {
        io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject().put("name", name).put("type", type)
                .put("config", config);
        return client.postAbs(base + "/internal/studies/" + studyId + "/annotation-questions")
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .putHeader(HttpHeaders.AUTHORIZATION.toString(), "Bearer " + bearerJwt)
                .timeout(TIMEOUT.toMillis())
                .sendJsonObject(body)
                .map(r -> added(r, studyId, name));
    }

    private static long added(HttpResponse<?> r, long studyId, String name) {
        String body = r.bodyAsString();
        io.vertx.core.json.JsonObject json = null;
        try {
            json = body == null || !body.startsWith("{") ? null : new io.vertx.core.json.JsonObject(body);
        } catch (RuntimeException e) {
            // not JSON: reported below with the status
        }
        if ((r.statusCode() == 200 || r.statusCode() == 201) && json != null && json.getLong("id") != null) {
            Log.infof("%s question '%s' in study %d (id %d)", r.statusCode() == 201 ? "added" : "found", name,
                    studyId, json.getLong("id"));
            return json.getLong("id");
        }
        if (json != null && json.getString("detail") != null) {
            throw new QuestionNotAddedException(json.getString("detail"));
        }
        throw new QuestionNotAddedException("study-service answered " + r.statusCode() + ": "
                + (body == null ? "" : body.length() > 200 ? body.substring(0, 200) : body));
    }

    /** study-service did not add a question. */
    public static class QuestionNotAddedException extends RuntimeException {
        public QuestionNotAddedException(String message) {
            super(message);
        }
    }
}
