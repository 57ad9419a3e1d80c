package org.slidescore.study.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.events.EventJson;
import org.slidescore.events.SlideInspected;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the tile service whether it can read a slide: {@code POST /internal/inspect} with {@code {"path": ...}},
 * answered with a {@link SlideInspected}. Empty when the tile service cannot be asked (down, or an older version
 * without the endpoint); the caller then decides.
 */
@ApplicationScoped
public class TileInspector {
    private final WebClient client;
    private final URI base;
    private final Duration timeout;

    public TileInspector(Vertx vertx, @ConfigProperty(name = "slidescore.services.tile-url",
            defaultValue = "http://127.0.0.1:8084") String tileUrl,
                         @ConfigProperty(name = "slidescore.study.inspect-timeout", defaultValue = "PT30S")
                         Duration timeout) {
        this.client = WebClient.create(vertx);
        this.base = URI.create(tileUrl.endsWith("/") ? tileUrl : tileUrl + "/");
        this.timeout = timeout;
    }

    public Uni<Optional<SlideInspected>> inspect(String path) {
        URI uri = base.resolve("internal/inspect");
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        return client.post(port, uri.getHost(), uri.getRawPath()).ssl("https".equals(uri.getScheme()))
                .timeout(timeout.toMillis())
                .putHeader("Accept", "application/json")
                .sendJsonObject(new JsonObject().put("path", path))
                .map(resp -> {
                    if (resp.statusCode() != 200) {
                        Log.warnf("tile service answered %d to inspect %s", resp.statusCode(), path);
                        return Optional.<SlideInspected>empty();
                    }
                    return Optional.of(EventJson.read(resp.bodyAsString(), SlideInspected.class));
                })
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("could not ask the tile service about %s: %s", path, e.toString());
                    return Optional.empty();
                });
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
