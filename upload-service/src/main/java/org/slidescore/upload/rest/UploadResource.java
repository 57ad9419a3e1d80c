package org.slidescore.upload.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.upload.service.FinishUploadService;
import org.slidescore.upload.service.RequestUploadService;

import java.util.Map;

/** RequestUpload and FinishUpload: form POSTs; every refusal is a bare JSON string (the SDK tests {@code text[0] == '"'}). */
@Path("/Api")
@Produces(MediaType.APPLICATION_JSON)
@SlideScoreErrors(ErrorStyle.BARE_STRING)
public class UploadResource {
    private final ApiRequest request;
    private final RequestUploadService requestUploads;
    private final FinishUploadService finishUploads;

    public UploadResource(ApiRequest request, RequestUploadService requestUploads, FinishUploadService finishUploads) {
        this.request = request;
        this.requestUploads = requestUploads;
        this.finishUploads = finishUploads;
    }

    @POST
    @Path("/RequestUpload")
    public Uni<Response> requestUpload() {
        String fileName = request.requiredParam("filename");
        String folder = request.param("folder");
        Long studyId = request.optionalLongParam("studyId").isPresent()
                ? request.optionalLongParam("studyId").getAsLong() : null;
        return requestUploads.requestUpload(request.token(), fileName, folder, studyId)
                .map(token -> WireBodies.response(WireBodies.json(Map.of("token", token))));
    }

    @POST
    @Path("/FinishUpload")
    public Uni<Response> finishUpload() {
        String id = request.requiredParam("id").trim();
        String token = request.requiredParam("token").trim();
        return finishUploads.finish(request.token(), id, token).map(x -> WireBodies.ok());
    }
}
