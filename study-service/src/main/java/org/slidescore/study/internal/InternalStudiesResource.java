package org.slidescore.study.internal;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.auth.AccessDeniedException;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.InvalidTokenException;
import org.slidescore.common.auth.TokenVerifier;
import org.slidescore.common.wire.WireException;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;
import org.slidescore.study.domain.Study;
import org.slidescore.study.service.SnapshotService;
import org.slidescore.study.service.StudyService;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-through for other services: the current {@link StudyChanged} snapshot of a study, for a consumer that meets a
 * study id its projection does not hold yet; and annotation questions added on a caller's behalf. Not routed by the
 * gateway. Errors are RFC 7807 problem details.
 */
@Path("/internal/studies")
public class InternalStudiesResource {
    private final SnapshotService snapshots;
    private final StudyService studies;
    private final TokenVerifier verifier;

    public InternalStudiesResource(SnapshotService snapshots, StudyService studies, TokenVerifier verifier) {
        this.snapshots = snapshots;
        this.studies = studies;
        this.verifier = verifier;
    }

    @GET
    @Path("{id}")
    public Uni<Response> byId(@PathParam("id") String id) {
        long studyId;
        try {
            studyId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(problem(400, "Bad study id", "'" + id + "' is not a study id"));
        }
        return Panache.withSession(() -> snapshots.snapshot(studyId)).map(s -> found(s, "study id " + studyId));
    }

    @GET
    @Path("by-name/{name}")
    public Uni<Response> byName(@PathParam("name") String name) {
        return Panache.withSession(() -> Study.<Study>find("name", name).firstResult()
                        .chain(s -> s == null ? Uni.createFrom().<StudyChanged>nullItem() : snapshots.snapshot(s)))
                .map(s -> found(s, "study name " + name));
    }

    /** The body of {@code POST /internal/studies/{id}/annotation-questions}. */
    public record AnnotationQuestion(String name, String type, String config) {
    }

    /**
     * Adds an annotation question for a service that imports annotations on a caller's behalf (scoring-service's
     * UploadASAPAnnotations, for colours without a question). The caller's own API token comes along as
     * {@code Authorization: Bearer} and is verified here like any API call (signature, expiry, revocation); it needs
     * {@code CanUploadScores} and modify access to the study, the rights of that import. Body {@code {"name","type",
     * "config"}} (type AnnoPoints, AnnoMeasure or AnnoShapes; config starts with the colour) → 201 {@code {"id",
     * "created":true}}, or 200 {@code {"id","created":false}} when the study has that question already (a retry).
     * Errors: 401 token, 403 rights, 404 study, 409 the name is taken by another question, 400 anything else.
     */
    @POST
    @Path("{id}/annotation-questions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addAnnotationQuestion(@PathParam("id") String id,
                                               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                               String body) {
        long studyId;
        try {
            studyId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(problem(400, "Bad study id", "'" + id + "' is not a study id"));
        }
        ApiToken token;
        try {
            token = verifier.verifyHeader(authorization);
        } catch (InvalidTokenException e) {
            return Uni.createFrom().item(problem(401, "Unauthorized", e.getMessage()));
        }
        AnnotationQuestion q;
        try {
            q = body == null || body.isBlank() ? null : EventJson.mapper().readValue(body, AnnotationQuestion.class);
        } catch (java.io.IOException e) {
            return Uni.createFrom().item(problem(400, "Bad body", "the body is not JSON {\"name\",\"type\",\"config\"}"));
        }
        if (q == null) {
            return Uni.createFrom().item(problem(400, "Bad body", "a JSON body {\"name\",\"type\",\"config\"} is required"));
        }
        return Uni.createFrom().deferred(() -> studies.addAnnotationQuestion(studyId, q.name(), q.type(), q.config(),
                        token))
                .map(added -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("id", added.id());
                    answer.put("created", added.created());
                    return Response.status(added.created() ? 201 : 200).type("application/json")
                            .entity(EventJson.write(answer)).build();
                })
                .onFailure(AccessDeniedException.class).recoverWithItem(e -> problem(403, "Forbidden", e.getMessage()))
                .onFailure(StudyService.NoSuchStudyException.class)
                .recoverWithItem(e -> problem(404, "Study not found", e.getMessage()))
                .onFailure(StudyService.QuestionNameTakenException.class)
                .recoverWithItem(e -> problem(409, "Question name taken", e.getMessage()))
                .onFailure(WireException.class).recoverWithItem(e -> problem(400, "Bad question", e.getMessage()));
    }

    private static Response found(StudyChanged snapshot, String what) {
        if (snapshot == null) {
            return problem(404, "Study not found", "There is no study with " + what);
        }
        return Response.ok(EventJson.write(snapshot), "application/json").build();
    }

    static Response problem(int status, String title, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        return Response.status(status).type("application/problem+json").entity(EventJson.write(p)).build();
    }
}
