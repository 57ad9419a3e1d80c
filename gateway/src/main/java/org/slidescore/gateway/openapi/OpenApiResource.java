package org.slidescore.gateway.openapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.WireBodies;

/**
 * {@code /swagger/v1/swagger.json}: the OpenAPI 3 document of the public API (the Python SDK's tests fetch it and
 * check {@code openapi}, {@code info}, {@code paths}); {@code /swagger}: a small HTML index of it.
 */
@Path("/swagger")
public class OpenApiResource {
    private static final String DOCUMENT = WireBodies.json(PublicApiDocument.build());

    @GET
    @Path("v1/swagger.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response document() {
        return WireBodies.response(DOCUMENT);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index() {
        return Response.ok(PublicApiDocument.html(), MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).build();
    }
}
