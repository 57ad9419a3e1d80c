package org.slidescore.scoring.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.scoring.service.AsapService;

import java.util.LinkedHashMap;
import java.util.Map;

/** ASAP XML export and import of annotation answers. */
@Path("/Api")
@SlideScoreErrors(ErrorStyle.SUCCESS_LOG)
public class AsapResource {
    private final ApiRequest request;
    private final AsapService asap;

    public AsapResource(ApiRequest request, AsapService asap) {
        this.request = request;
        this.asap = asap;
    }

    @GET
    @Path("ExportASAPAnnotations")
    public Uni<Response> exportGet() {
        return export();
    }

    @POST
    @Path("ExportASAPAnnotations")
    public Uni<Response> exportPost() {
        return export();
    }

    private Uni<Response> export() {
        long imageId = request.longParam("imageid");
        String user = request.requiredParam("user").trim();
        String question = request.optionalParam("question").orElse(null);
        return asap.export(request.token(), imageId, user, question)
                .map(xml -> Response.ok(xml, "application/xml;charset=utf-8").build());
    }

    @POST
    @Path("UploadASAPAnnotations")
    public Uni<Response> upload() {
        long imageId = request.longParam("imageid");
        String user = request.requiredParam("user").trim();
        String xml = request.requiredParam("asapAnnotation");
        String map = request.param("questionsMap");
        return asap.upload(request.token(), imageId, user, xml, map).map(log -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("log", log);
            return WireBodies.response(WireBodies.json(body));
        });
    }
}
