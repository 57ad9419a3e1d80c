package org.slidescore.study.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.study.domain.Image;
import org.slidescore.study.domain.Question;
import org.slidescore.study.domain.StudyCase;
import org.slidescore.study.service.ConfigFilesService;
import org.slidescore.study.service.StudyService;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The study calls of the Slide Score API (slidescore-api.md §5–§6). Parameters come from the query string or the
 * form body, for GET and POST alike; read calls answer both methods. Errors: {@code {"success":false,"log":...}},
 * except AddSlide (a bare JSON string).
 */
@Path("/Api")
@SlideScoreErrors(ErrorStyle.SUCCESS_LOG)
public class StudyApiResource {
    private final ApiRequest api;
    private final StudyService studies;
    private final ConfigFilesService configs;

    public StudyApiResource(ApiRequest api, StudyService studies, ConfigFilesService configs) {
        this.api = api;
        this.studies = studies;
        this.configs = configs;
    }

    private static Response json(Object body) {
        return WireBodies.response(WireBodies.json(body));
    }

    private static Map<String, Object> success() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        return m;
    }

    // ---- Studies ------------------------------------------------------------------------------------------------

    @GET
    @Path("Studies")
    public Uni<Response> studies() {
        return studies.readableStudies(api.token()).map(list -> json(list.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id);
            m.put("name", s.name);
            return m;
        }).toList()));
    }

    @POST
    @Path("Studies")
    public Uni<Response> studiesPost() {
        return studies();
    }

    // ---- Images / Cases / Questions ----------------------------------------------------------------------------

    static Map<String, Object> image(Image i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id);
        m.put("name", i.name);
        m.put("fileSize", i.fileSize);
        m.put("studyID", i.studyId);
        m.put("caseID", i.caseId);
        return m;
    }

    @GET
    @Path("Images")
    public Uni<Response> images() {
        return studies.images(api.longParam("studyId"), api.token())
                .map(list -> json(list.stream().map(StudyApiResource::image).toList()));
    }

    @POST
    @Path("Images")
    public Uni<Response> imagesPost() {
        return images();
    }

    @GET
    @Path("Cases")
    public Uni<Response> cases() {
        return studies.cases(api.longParam("studyId"), api.token()).map(list -> json(list.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id);
            m.put("name", c.name);
            return m;
        }).toList()));
    }

    @POST
    @Path("Cases")
    public Uni<Response> casesPost() {
        return cases();
    }

    static Map<String, Object> question(Question q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id);
        m.put("name", q.name);
        m.put("typeName", q.type);
        m.put("valuesAllowed", q.config);
        m.put("order", q.sortOrder);
        return m;
    }

    @GET
    @Path("Questions")
    public Uni<Response> questions() {
        return studies.questions(api.longParam("studyId"), api.token())
                .map(list -> json(list.stream().map(StudyApiResource::question).toList()));
    }

    @POST
    @Path("Questions")
    public Uni<Response> questionsPost() {
        return questions();
    }

    // ---- GetConfig / GetConfigFiles -----------------------------------------------------------------------------

    @GET
    @Path("GetConfig")
    public Uni<Response> getConfig() {
        return configs.load(api.longParam("studyId"), api.token()).map(c -> {
            Map<String, Object> body = success();
            body.put("config", ConfigFilesService.config(c));
            return json(body);
        });
    }

    @POST
    @Path("GetConfig")
    public Uni<Response> getConfigPost() {
        return getConfig();
    }

    @GET
    @Path("GetConfigFiles")
    public Uni<Response> getConfigFiles() {
        return configs.load(api.longParam("studyId"), api.token()).map(c -> {
            Map<String, Object> body = success();
            body.putAll(ConfigFilesService.files(c));
            return json(body);
        });
    }

    @POST
    @Path("GetConfigFiles")
    public Uni<Response> getConfigFilesPost() {
        return getConfigFiles();
    }

    // ---- slide reads --------------------------------------------------------------------------------------------

    @GET
    @Path("GetSlideDescription")
    public Uni<Response> getSlideDescription() {
        return studies.readImage(api.longParam("imageId"), api.token()).map(is -> {
            Map<String, Object> body = success();
            body.put("description", is.image().description);
            return json(body);
        });
    }

    @POST
    @Path("GetSlideDescription")
    public Uni<Response> getSlideDescriptionPost() {
        return getSlideDescription();
    }

    @GET
    @Path("GetSlidePath")
    public Uni<Response> getSlidePath() {
        return studies.readImage(api.longParam("imageId"), api.token()).map(is -> {
            Map<String, Object> body = success();
            body.put("path", is.image().path);
            return json(body);
        });
    }

    @POST
    @Path("GetSlidePath")
    public Uni<Response> getSlidePathPost() {
        return getSlidePath();
    }

    @GET
    @Path("GetSlideDetails")
    public Uni<Response> getSlideDetails() {
        return studies.readImage(api.longParam("imageId"), api.token()).map(is -> {
            Image i = is.image();
            Map<String, Object> body = success();
            body.put("imageID", i.id);
            body.put("studyID", i.studyId);
            body.put("name", i.name);
            body.put("fileSize", i.fileSize);
            body.put("caseID", i.caseId);
            body.put("path", i.path);
            body.put("tmaMapName", i.tmaMapName);
            body.put("rotation", i.rotation == null ? 0 : i.rotation);
            return json(body);
        });
    }

    @POST
    @Path("GetSlideDetails")
    public Uni<Response> getSlideDetailsPost() {
        return getSlideDetails();
    }

    @GET
    @Path("GetCaseDescription")
    public Uni<Response> getCaseDescription() {
        return studies.readCase(api.longParam("caseId"), api.token()).map((StudyCase c) -> {
            Map<String, Object> body = success();
            body.put("description", c.description);
            return json(body);
        });
    }

    @POST
    @Path("GetCaseDescription")
    public Uni<Response> getCaseDescriptionPost() {
        return getCaseDescription();
    }

    // ---- slide changes ------------------------------------------------------------------------------------------

    @POST
    @Path("AddSlide")
    @SlideScoreErrors(ErrorStyle.BARE_STRING)
    public Uni<Response> addSlide() {
        long studyId = api.longParam("studyId");
        String path = api.requiredParam("path");
        return studies.addSlide(studyId, path, api.token()).map(id -> {
            Map<String, Object> body = success();
            body.put("id", id);
            body.put("isOOF", false);
            return json(body);
        });
    }

    @POST
    @Path("UpdateSlidePath")
    public Uni<Response> updateSlidePath() {
        return studies.updateSlidePath(api.longParam("imageId"), api.requiredParam("newPath"), api.token())
                .map(v -> json(success()));
    }

    @POST
    @Path("UpdateSlideName")
    public Uni<Response> updateSlideName() {
        return studies.updateSlideName(api.longParam("imageId"), api.requiredParam("newName"), api.token())
                .map(v -> json(success()));
    }

    @POST
    @Path("SetSlideDescription")
    public Uni<Response> setSlideDescription() {
        var studyId = api.optionalLongParam("studyId");
        String description = api.param("description");
        return studies.setSlideDescription(api.longParam("imageId"),
                        studyId.isPresent() ? studyId.getAsLong() : null, description == null ? "" : description,
                        api.token())
                .map(v -> WireBodies.emptyObject());
    }

    // ---- questions ----------------------------------------------------------------------------------------------

    @POST
    @Path("AddQuestion")
    public Uni<Response> addQuestion() {
        return studies.addQuestion(api.longParam("studyId"), api.requiredParam("questionSpec"), api.token())
                .map(id -> {
                    Map<String, Object> body = success();
                    body.put("id", id);
                    return json(body);
                });
    }

    @POST
    @Path("UpdateQuestion")
    public Uni<Response> updateQuestion() {
        var order = api.optionalIntParam("order");
        return studies.updateQuestion(api.longParam("studyId"), api.longParam("scoreId"),
                        order.isPresent() ? order.getAsInt() : null, api.requiredParam("questionSpec"), api.token())
                .map(id -> {
                    Map<String, Object> body = success();
                    body.put("id", id);
                    return json(body);
                });
    }

    @POST
    @Path("RemoveQuestion")
    public Uni<Response> removeQuestion() {
        return studies.removeQuestion(api.longParam("studyId"), api.longParam("scoreId"), api.token())
                .map(v -> json(success()));
    }

    // ---- TMA maps -----------------------------------------------------------------------------------------------

    @POST
    @Path("CreateTMAMap")
    public Uni<Response> createTmaMap() {
        return studies.createTmaMap(api.longParam("studyId"), api.requiredParam("tmaMapFileName"), api.token())
                .map(name -> {
                    Map<String, Object> body = success();
                    body.put("mapName", name);
                    return json(body);
                });
    }

    @POST
    @Path("SetSlideTMAMap")
    public Uni<Response> setSlideTmaMap() {
        return studies.setSlideTmaMap(api.longParam("studyId"), api.longParam("imageId"), api.param("tmaMapName"),
                api.token()).map(v -> json(success()));
    }
}
