package org.slidescore.tile.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Test-only HTTP filter of the tile service under test: records path and status of every answered request whose
 * path starts with a watched prefix, so a test can see on the server side which requests a browser really made.
 * Requests under no watched prefix are not recorded.
 */
@ApplicationScoped
public class ServedRequests {
    /** One answered request. */
    public record Served(String path, int status) {
    }

    private static final Map<String, Queue<Served>> WATCHED = new ConcurrentHashMap<>();

    /** Starts recording requests under {@code prefix} (again empty when it was watched before). */
    public static void watch(String prefix) {
        WATCHED.put(prefix, new ConcurrentLinkedQueue<>());
    }

    /** The requests answered so far under {@code prefix}, in the order they ended. */
    public static List<Served> served(String prefix) {
        Queue<Served> q = WATCHED.get(prefix);
        return q == null ? List.of() : List.copyOf(q);
    }

    public static void unwatch(String prefix) {
        WATCHED.remove(prefix);
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (!WATCHED.isEmpty()) {
                String path = rc.request().path();
                for (Map.Entry<String, Queue<Served>> e : WATCHED.entrySet()) {
                    if (path != null && path.startsWith(e.getKey())) {
                        Queue<Served> q = e.getValue();
                        rc.addEndHandler(done -> q.add(new Served(path, rc.response().getStatusCode())));
                    }
                }
            }
            rc.next();
        }, 100);
    }
}
