package org.slidescore.scoring.client;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.mutiny.core.MultiMap;
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

/** Synchronous calls to study-service: the read-through of unknown studies and adding imported questions. */
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
     * Adds a question to a study through study-service's public {@code AddQuestion} call, with the caller's token
     * ({@code questionSpec} is one {@code .scores} line: name TAB type TAB config). Fails with the message
     * study-service gave when it refuses.
     */
    public Uni<Void> addQuestion(long studyId, String name, String type, String config, String bearerJwt) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("studyId", Long.toString(studyId))
                .add("questionSpec", name + "\t" + type + (config == null ? "" : "\t" + config));
        return client.postAbs(base + "/Api/AddQuestion")
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .putHeader(HttpHeaders.AUTHORIZATION.toString(), "Bearer " + bearerJwt)
                .timeout(TIMEOUT.toMillis())
                .sendForm(form)
                .map(r -> {
                    checkAdded(r, studyId, name);
                    return null;
                });
    }

    private static void checkAdded(HttpResponse<?> r, long studyId, String name) {
        String body = r.bodyAsString();
        if (r.statusCode() == 200 && body != null && body.startsWith("{")) {
            io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(body);
            if (json.getBoolean("success", false)) {
                Log.infof("added question '%s' to study %d", name, studyId);
                return;
            }
            String why = json.getString("log", json.getString("error", body));
            throw new QuestionNotAddedException(why);
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
