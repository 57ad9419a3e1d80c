package org.slidescore.scoring.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.BadParameterException;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.scoring.service.Anno2Service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The anno2 calls: CreateAnno2, CreateOrphanAnno2, FinishAnno2Upload, ConvertAnnotationToAnno2,
 * ConvertScoreValueToAnno2 and GetAnno2 (the stored zip). Errors are {@code {"success":false,"error":...}}; GetAnno2
 * answers an unknown or not yet uploaded anno2 with HTTP 404 and that body.
 */
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
        return anno2.create(request.token(), target()).map(Anno2Resource::created);
    }

    /** {@code studyId}, {@code imageId}, {@code caseId?}, {@code tmaCoreId?}, {@code scoreId} or {@code question}, {@code email}. */
    private Anno2Service.Target target() {
        return new Anno2Service.Target(request.longParam("studyId"), request.longParam("imageId"),
                boxed(request.optionalLongParam("caseId")), boxed(request.optionalLongParam("tmaCoreId")),
                boxed(request.optionalLongParam("scoreId")), request.optionalParam("question").orElse(null),
                request.requiredParam("email").trim());
    }

    private static Response converted(UUID uuid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("annoUUID", uuid.toString());
        return WireBodies.response(WireBodies.json(body));
    }

    @POST
    @Path("ConvertAnnotationToAnno2")
    public Uni<Response> convertAnnotation() {
        Anno2Service.Target t = target();
        String metadata = request.param("metadata");
        return anno2.convert(request.token(), t, metadata).map(Anno2Resource::converted);
    }

    @POST
    @Path("ConvertScoreValueToAnno2")
    public Uni<Response> convertScoreValue() {
        long id = request.longParam("scoreValueId");
        String metadata = request.param("metadata");
        return anno2.convertScoreValue(request.token(), id, metadata).map(Anno2Resource::converted);
    }

    /**
     * The zip of an uploaded anno2 ({@code annoUUID}), streamed from the images root as {@code application/zip}; rights
     * as Scores. Unknown or not uploaded yet → 404 {@code {"success":false,"error"}}.
     */
    @GET
    @Path("GetAnno2")
    public Uni<Response> get() {
        String text = request.requiredParam("annoUUID").trim();
        UUID uuid;
        try {
            uuid = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("annoUUID", "annoUUID must be a UUID like 8f51008c-9ede-e8b4-cba8-55a2cf6c73bf");
        }
        return anno2.zip(request.token(), uuid)
                .map(file -> Response.ok(file.toFile(), "application/zip")
                        .header("Content-Disposition", "attachment; filename=\"" + uuid + ".zip\"")
                        .build())
                .onFailure(Anno2Service.NotFound.class).recoverWithItem(e -> Response.status(404)
                        .type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"))
                        .entity(WireBodies.successFalseError(e.getMessage())).build());
    }

    @POST
    @Path("GetAnno2")
    public Uni<Response> post() {
        return get();
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
