package org.slidescore.scoring.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.WireException;
import org.slidescore.scoring.domain.StudyModel;
import org.slidescore.scoring.projection.Studies;
import org.slidescore.scoring.repository.AnswerRepository;
import org.slidescore.scoring.repository.StoredAnswer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For tile-service's screenshots: a user's annotation answers on an image, optionally only some questions (by name
 * with repeated {@code question}, or by id with repeated {@code questionId}), each with the question's name, type and
 * colour. Internal (not routed by the gateway); errors are RFC 7807 problem details.
 */
@Path("/internal/annotations")
public class InternalAnnotationsResource {
    private final Studies studies;
    private final AnswerRepository answers;

    public InternalAnnotationsResource(Studies studies, AnswerRepository answers) {
        this.studies = studies;
        this.answers = answers;
    }

    @GET
    public Uni<Response> annotations(@QueryParam("imageId") String imageIdText, @QueryParam("user") String user,
                                     @QueryParam("question") List<String> questions,
                                     @QueryParam("questionId") List<Long> questionIds) {
        long imageId;
        try {
            imageId = Long.parseLong(imageIdText == null ? "" : imageIdText.trim());
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(problem(400, "Bad Request", "imageId must be a whole number"));
        }
        if (user == null || user.isBlank()) {
            return Uni.createFrom().item(problem(400, "Bad Request", "user is required"));
        }
        return studies.byImage(imageId).chain(study -> {
            List<Long> ids = null;
            if (!questions.isEmpty() || !questionIds.isEmpty()) {
                ids = new ArrayList<>(questionIds);
                for (String name : questions) {
                    StudyModel.Question q = study.question(name);
                    if (q == null) {
                        return Uni.createFrom().item(problem(404, "Not Found", "question \"" + name
                                + "\" is not in study " + study.id()));
                    }
                    ids.add(q.id());
                }
            }
            return answers.forImageAndUser(imageId, user.trim(), ids).map(found -> body(study, imageId, user, found));
        }).onFailure(WireException.class).recoverWithItem(e -> problem(404, "Not Found", e.getMessage()));
    }

    private static Response body(StudyModel study, long imageId, String user, List<StoredAnswer> found) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (StoredAnswer a : found) {
            StudyModel.Question q = study.question(a.questionId());
            if (q == null || q.type() == null || !q.type().isAnnotation()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("answerId", a.id());
            m.put("questionId", q.id());
            m.put("question", q.name());
            m.put("type", q.type().name());
            m.put("color", q.colour());
            if (a.tmaCoreId() != null) {
                m.put("tmaCoreId", a.tmaCoreId());
            }
            m.put("value", a.value());
            if (a.value().startsWith(org.slidescore.scoring.service.Anno2Service.VALUE_PREFIX)) {
                // A large annotation: the zip lies under the images root.
                m.put("anno2Path", org.slidescore.scoring.service.Anno2Service.FOLDER + "/"
                        + a.value().substring(org.slidescore.scoring.service.Anno2Service.VALUE_PREFIX.length()) + ".zip");
            }
            list.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("imageId", imageId);
        body.put("studyId", study.id());
        body.put("user", user.trim());
        body.put("annotations", list);
        return Response.ok(body, "application/json").build();
    }

    static Response problem(int status, String title, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        return Response.status(status).type("application/problem+json").entity(p).build();
    }
}
