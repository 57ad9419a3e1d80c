package org.slidescore.notification.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;

import java.net.URI;
import java.util.Optional;

/**
 * Read-through to study-service when the projection does not know a study (yet): {@code GET /internal/studies/{id}}
 * answers the same {@link StudyChanged} snapshot that the study-changed topic carries, or 404.
 */
@ApplicationScoped
public class StudyClient {
    private static final long TIMEOUT_MS = 5_000;

    private final WebClient client;
    private final URI base;

    public StudyClient(Vertx vertx, @ConfigProperty(name = "slidescore.services.study-url") String studyUrl) {
        this.client = WebClient.create(vertx);
        this.base = URI.create(studyUrl.endsWith("/") ? studyUrl : studyUrl + "/");
    }

    /** The study's current snapshot, or empty when study-service does not know the id. */
    public Uni<Optional<StudyChanged>> find(long studyId) {
        String url = base.resolve("internal/studies/" + studyId).toString();
        return client.getAbs(url)
                .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .timeout(TIMEOUT_MS)
                .send()
                .map(response -> switch (response.statusCode()) {
                    case 200 -> Optional.of(EventJson.read(response.bodyAsString(), StudyChanged.class));
                    case 404 -> Optional.<StudyChanged>empty();
                    default -> throw new StudyServiceException("study-service answered " + response.statusCode()
                            + " for study " + studyId);
                });
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** study-service could not answer. */
    public static class StudyServiceException extends RuntimeException {
        public StudyServiceException(String message) {
            super(message);
        }
    }
}
