package org.slidescore.scoring.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestMulti;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.common.wire.WireException;
import org.slidescore.scoring.domain.StudyModel;
import org.slidescore.scoring.service.ResultsService;
import org.slidescore.scoring.service.ScoresService;
import org.slidescore.scoring.service.StudiesUpdatedService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores (download), UploadResults and GetStudiesUpdated. Read calls accept GET and POST alike. */
@Path("/Api")
@SlideScoreErrors(ErrorStyle.SUCCESS_LOG)
public class ResultsResource {
    static final String TSV = "text/tab-separated-values;charset=utf-8";
    static final String JSON = "application/json;charset=utf-8";

    private final ApiRequest request;
    private final ResultsService results;
    private final ScoresService scores;
    private final StudiesUpdatedService updated;

    public ResultsResource(ApiRequest request, ResultsService results, ScoresService scores,
                           StudiesUpdatedService updated) {
        this.request = request;
        this.results = results;
        this.scores = scores;
        this.updated = updated;
    }

    @POST
    @Path("UploadResults")
    public Uni<Response> uploadResults() {
        long studyId = request.longParam("studyid");
        String text = request.param("results");
        if (text == null) {
            throw org.slidescore.common.wire.BadParameterException.missing("results");
        }
        return results.upload(request.token(), studyId, text).map(log -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("log", log);
            return WireBodies.response(WireBodies.json(body));
        });
    }

    @GET
    @Path("Scores")
    public Multi<Buffer> scoresGet(HttpHeaders headers) {
        return scores(headers);
    }

    @POST
    @Path("Scores")
    public Multi<Buffer> scoresPost(HttpHeaders headers) {
        return scores(headers);
    }

    /**
     * JSON when the client accepts {@code application/json} (the SDK always does), else TSV. Rights and parameters
     * are checked before the first byte; a refusal is a complete {@code success:false} body.
     */
    private Multi<Buffer> scores(HttpHeaders headers) {
        boolean json = wantsJson(headers);
        ScoresService.Query q;
        try {
            q = new ScoresService.Query(request.longParam("studyid"), request.optionalParam("question").orElse(null),
                    request.optionalParam("email").map(String::trim).orElse(null),
                    boxed(request.optionalLongParam("imageid")), boxed(request.optionalLongParam("caseid")));
        } catch (WireException e) {
            return errorBody(e);
        }
        Uni<Prepared> prepared = scores.prepare(request.token(), q)
                .map(study -> new Prepared(study, null))
                .onFailure(WireException.class).recoverWithItem(e -> new Prepared(null, e.getMessage()));
        return RestMulti.fromUniResponse(prepared,
                p -> p.error() != null ? Multi.createFrom().item(Buffer.buffer(WireBodies.successFalseLog(p.error())))
                        : scores.stream(p.study(), q, json),
                p -> Map.of("Content-Type", List.of(p.error() != null || json ? JSON : TSV)));
    }

    private record Prepared(StudyModel study, String error) {
    }

    private static Multi<Buffer> errorBody(WireException e) {
        return RestMulti.fromMultiData(Multi.createFrom().item(Buffer.buffer(WireBodies.successFalseLog(e.getMessage()))))
                .header("Content-Type", JSON).build();
    }

    static boolean wantsJson(HttpHeaders headers) {
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("application/json");
    }

    @GET
    @Path("GetStudiesUpdated")
    public Uni<Response> studiesUpdatedGet() {
        return studiesUpdated();
    }

    @POST
    @Path("GetStudiesUpdated")
    public Uni<Response> studiesUpdatedPost() {
        return studiesUpdated();
    }

    private Uni<Response> studiesUpdated() {
        var since = StudiesUpdatedService.parseSince(request.param("since"));
        return updated.updatedSince(request.token(), since)
                .map(ids -> WireBodies.response(WireBodies.json(Map.of("studyIDs", ids))));
    }

    private static Long boxed(java.util.OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }
}
