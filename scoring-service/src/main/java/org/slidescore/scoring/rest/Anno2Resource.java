package org.slidescore.scoring.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.scoring.service.Anno2Service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** CreateAnno2 and CreateOrphanAnno2: errors are {@code {"success":false,"error":...}}. */
@Path("/Api")
@SlideScoreErrors(ErrorStyle.SUCCESS_ERROR)
public class Anno2Resource {
    private final ApiRequest request;
    private final Anno2Service anno2;

    public Anno2Resource(ApiRequest request, Anno2Service anno2) {
        this.request = request;
        this.anno2 = anno2;
    }

    @POST
    @Path("CreateAnno2")
    public Uni<Response> create() {
        Anno2Service.Target t = new Anno2Service.Target(request.longParam("studyId"), request.longParam("imageId"),
                boxed(request.optionalLongParam("caseId")), boxed(request.optionalLongParam("tmaCoreId")),
                boxed(request.optionalLongParam("scoreId")), request.optionalParam("question").orElse(null),
                request.requiredParam("email").trim());
        return anno2.create(request.token(), t).map(Anno2Resource::created);
    }

    @POST
    @Path("CreateOrphanAnno2")
    public Uni<Response> createOrphan() {
        return anno2.createOrphan(request.token()).map(Anno2Resource::created);
    }

    /**
     * The QuPath extension's finishing call for an anno2 upload ({@code uploadToken}, {@code uploadId}, optional
     * {@code apiToken}): finishes the tus upload at upload-service like FinishUpload; the finished file then reaches
     * the answer through the slide-uploaded event.
     */
    @POST
    @Path("FinishAnno2Upload")
    public Uni<Response> finishUpload() {
        String uploadToken = request.requiredParam("uploadToken").trim();
        String uploadId = request.requiredParam("uploadId").trim();
        String jwt = request.optionalParam("apiToken").map(String::trim).orElse(request.token().raw());
        return anno2.finishUpload(uploadId, uploadToken, jwt).map(v -> WireBodies.response("{\"success\":true}"));
    }

    private static Response created(Anno2Service.Created c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("uploadToken", c.uploadToken());
        body.put("annoUUID", c.annoUUID().toString());
        return WireBodies.response(WireBodies.json(body));
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }
}
