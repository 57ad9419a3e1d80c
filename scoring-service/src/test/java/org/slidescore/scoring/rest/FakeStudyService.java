package org.slidescore.scoring.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server standing in for the calls scoring-service makes to other services: study-service's
 * {@code GET /internal/studies/{id}} (the snapshot JSON, 404 when unknown), {@code GET /internal/images/{id}}
 * ({@code {"imageId","studyId"}}, 404 when unknown) and {@code POST /internal/studies/{id}/annotation-questions} (adds a
 * question, bumps the revision), and upload-service's calls ({@link FakeUploadService}: upload tokens, tus, FinishUpload).
 * Tests put studies in with {@link #put}. It counts snapshot requests, so tests can see the read-through happen once.
 */
public class FakeStudyService implements QuarkusTestResourceLifecycleManager {
    static final Map<Long, StudyChanged> STUDIES = new ConcurrentHashMap<>();
    static final AtomicInteger SNAPSHOT_REQUESTS = new AtomicInteger();
    static final AtomicInteger IMAGE_REQUESTS = new AtomicInteger();
    static final List<String> UPLOAD_TOKEN_REQUESTS = FakeUploadService.UPLOAD_TOKEN_REQUESTS;
    static final List<String> ADDED_QUESTION_SPECS = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The Authorization header of each annotation-question request (the caller's own token, forwarded). */
    static final List<String> ADDED_QUESTION_AUTHORIZATIONS = java.util.Collections.synchronizedList(new ArrayList<>());
    /** When set, annotation-question requests are refused with 403 and this detail, as study-service would. */
    static volatile String questionRefusal;
    private static final AtomicLong NEXT_QUESTION_ID = new AtomicLong(90_000);
    private Vertx vertx;
    private HttpServer server;

    public static void put(StudyChanged s) {
        STUDIES.put(s.studyId(), s);
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/internal/studies/:id").handler(rc -> {
            SNAPSHOT_REQUESTS.incrementAndGet();
            StudyChanged s = STUDIES.get(Long.parseLong(rc.pathParam("id")));
            if (s == null) {
                rc.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                        .end("{\"title\":\"Not Found\",\"status\":404}");
            } else {
                rc.response().putHeader("Content-Type", "application/json").end(EventJson.write(s));
            }
        });
        router.get("/internal/images/:id").handler(rc -> {
            IMAGE_REQUESTS.incrementAndGet();
            long imageId;
            try {
                imageId = Long.parseLong(rc.pathParam("id"));
            } catch (NumberFormatException e) {
                rc.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json")
                        .end("{\"title\":\"Bad image id\",\"status\":400}");
                return;
            }
            StudyChanged s = STUDIES.values().stream()
                    .filter(st -> st.images().stream().anyMatch(i -> i.id() == imageId)).findFirst().orElse(null);
            if (s == null) {
                rc.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                        .end("{\"title\":\"Image not found\",\"status\":404}");
            } else {
                rc.response().putHeader("Content-Type", "application/json")
                        .end("{\"imageId\":" + imageId + ",\"studyId\":" + s.studyId() + "}");
            }
        });
        router.post("/internal/studies/:id/annotation-questions").handler(BodyHandler.create(false)).handler(rc -> {
            long studyId = Long.parseLong(rc.pathParam("id"));
            io.vertx.core.json.JsonObject body = rc.body().asJsonObject();
            String spec = body.getString("name") + "\t" + body.getString("type")
                    + (body.getString("config") == null ? "" : "\t" + body.getString("config"));
            ADDED_QUESTION_AUTHORIZATIONS.add(rc.request().getHeader("Authorization"));
            if (questionRefusal != null) {
                rc.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
                        .end(new io.vertx.core.json.JsonObject().put("type", "about:blank").put("title", "Forbidden")
                                .put("status", 403).put("detail", questionRefusal).encode());
                return;
            }
            ADDED_QUESTION_SPECS.add(spec);
            StudyChanged s = STUDIES.get(studyId);
            List<StudyChanged.Question> questions = new ArrayList<>(s.questions());
            long id = NEXT_QUESTION_ID.incrementAndGet();
            questions.add(new StudyChanged.Question(id, body.getString("name"), body.getString("type"),
                    body.getString("config"), questions.size()));
            put(new StudyChanged(s.studyId(), s.name(), s.ownerTokenId(), s.revision() + 1, s.changedAt(), s.images(),
                    questions, s.users(), s.cases(), s.tmaMaps()));
            rc.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                    .end("{\"id\":" + id + ",\"created\":true}");
        });
        FakeUploadService.mount(router);
        server = vertx.createHttpServer().requestHandler(router);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake study-service did not start", e);
        }
        String url = "http://127.0.0.1:" + server.actualPort();
        Map<String, String> config = new java.util.HashMap<>(FakeUploadService.started(url));
        config.put("slidescore.services.study-url", url);
        return config;
    }

    @Override
    public void stop() {
        FakeUploadService.stop();
        if (vertx != null) {
            vertx.close();
        }
    }
}
