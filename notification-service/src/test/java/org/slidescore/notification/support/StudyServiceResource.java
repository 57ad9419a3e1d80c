package org.slidescore.notification.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for study-service's {@code GET /internal/studies/{id}} (a real HTTP server on a loopback port that
 * answers the {@link StudyChanged} JSON of the studies a test puts in, 404 for others, or 503 while "down"), so
 * the read-through path is exercised over HTTP without starting another service's code.
 */
public class StudyServiceResource implements QuarkusTestResourceLifecycleManager {
    private HttpServer server;
    private Studies studies;

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectStudies {
    }

    /** What the stand-in knows and how often it was asked. */
    public static final class Studies {
        private final Map<Long, StudyChanged> byId = new ConcurrentHashMap<>();
        private final AtomicInteger requests = new AtomicInteger();
        private volatile boolean down;

        public void put(StudyChanged study) {
            byId.put(study.studyId(), study);
        }

        public void remove(long studyId) {
            byId.remove(studyId);
        }

        public int requests() {
            return requests.get();
        }

        public void down(boolean down) {
            this.down = down;
        }
    }

    @Override
    public Map<String, String> start() {
        studies = new Studies();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/studies/", exchange -> {
            studies.requests.incrementAndGet();
            String id = exchange.getRequestURI().getPath().substring("/internal/studies/".length());
            StudyChanged study = null;
            try {
                study = studies.byId.get(Long.parseLong(id));
            } catch (NumberFormatException ignored) {
                // 404 below
            }
            int status = studies.down ? 503 : study == null ? 404 : 200;
            byte[] body = (status == 200 ? EventJson.write(study)
                    : "{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("slidescore.services.study-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(studies, new TestInjector.AnnotatedAndMatchesType(InjectStudies.class, Studies.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
