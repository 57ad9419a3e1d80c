package org.slidescore.common.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.common.wire.WireException;

import java.util.LinkedHashMap;
import java.util.Map;

/** Endpoints shaped like the Slide Score ones, for common's wire tests. */
@Path("/Api")
@SlideScoreErrors(ErrorStyle.BARE_STRING)
public class WireTestResource {
    private final ApiRequest api;

    public WireTestResource(ApiRequest api) {
        this.api = api;
    }

    @GET
    @Path("Echo")
    @Produces("application/json")
    public Map<String, Object> echo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("studyId", api.longParam("studyId"));
        m.put("email", api.param("EMAIL"));
        m.put("token", api.token().id());
        return m;
    }

    @POST
    @Path("Echo")
    @Produces("application/json")
    public Map<String, Object> echoPost() {
        return echo();
    }

    @GET
    @Path("Picture")
    @Produces("image/jpeg")
    public byte[] picture() {
        api.token().requireRight(Right.CanGetPixels);
        return new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
    }

    @POST
    @Path("Finish")
    @Produces("application/json")
    public Response finish() {
        api.requiredParam("id");
        return WireBodies.ok();
    }

    @POST
    @Path("Upload")
    @SlideScoreErrors(ErrorStyle.SUCCESS_LOG)
    @Produces("application/json")
    public Response upload() {
        api.token().requireRight(Right.CanUploadScores);
        return WireBodies.response("{\"success\":true,\"log\":\"" + api.requiredParam("results").length() + "\"}");
    }

    /** A resource written with plain JAX-RS form binding still works after the filter read the body. */
    @POST
    @Path("FormParams")
    @Produces("application/json")
    public Map<String, Object> formParams(@jakarta.ws.rs.FormParam("studyId") String studyId,
                                          @jakarta.ws.rs.QueryParam("q") String q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formParam", studyId);
        m.put("queryParam", q);
        m.put("api", api.param("studyid"));
        return m;
    }

    @POST
    @Path("Anno2")
    @SlideScoreErrors(ErrorStyle.SUCCESS_ERROR)
    @Produces("application/json")
    public Response anno2() {
        throw new WireException("No such question \"x\"");
    }
}
