package org.slidescore.tile.images;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
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
 * Read-through to study-service when the projection does not know an id yet: {@code GET /internal/studies/{id}}
 * answers the study's {@link StudyChanged} snapshot, {@code GET /internal/images/{id}} the image's
 * {@code {"imageId", "studyId"}}; 404 = none.
 */
@ApplicationScoped
public class StudyServiceClient {
    private final WebClient client;
    private final URI base;

    public StudyServiceClient(Vertx vertx, @ConfigProperty(name = "slidescore.services.study-url",
            defaultValue = "http://127.0.0.1:8082") String studyUrl) {
        this.client = WebClient.create(vertx);
        this.base = URI.create(studyUrl.endsWith("/") ? studyUrl : studyUrl + "/");
    }

    public Uni<Optional<StudyChanged>> study(long studyId) {
        return get("internal/studies/" + studyId);
    }

    public Uni<Optional<StudyChanged>> studyOfImage(long imageId) {
        return get("internal/images/" + imageId, JsonImage.class)
                .chain(i -> i.isEmpty() || i.get().studyId() == null ? Uni.createFrom().item(Optional.<StudyChanged>empty())
                        : study(i.get().studyId()));
    }

    /** study-service's answer to {@code GET /internal/images/{id}}. */
    public record JsonImage(Long imageId, Long studyId) {
    }

    private Uni<Optional<StudyChanged>> get(String path) {
        return get(path, StudyChanged.class);
    }

    private <T> Uni<Optional<T>> get(String path, Class<T> type) {
        URI uri = base.resolve(path);
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        return client.get(port, uri.getHost(), uri.getRawPath()).ssl("https".equals(uri.getScheme()))
                .timeout(10_000).putHeader("Accept", "application/json").send()
                .map(resp -> {
                    if (resp.statusCode() == 200) {
                        return Optional.of(EventJson.read(resp.bodyAsString(), type));
                    }
                    if (resp.statusCode() != 404) {
                        Log.warnf("study-service answered %d to GET %s", resp.statusCode(), uri);
                    }
                    return Optional.<T>empty();
                })
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("could not ask study-service (GET %s): %s", uri, e.toString());
                    return Optional.empty();
                });
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
