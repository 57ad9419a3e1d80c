package org.slidescore.tile.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slidescore.events.EventJson;
import org.slidescore.tile.slide.SlideInspector;

import java.util.LinkedHashMap;
import java.util.Map;

/** Service-to-service calls (not routed by the gateway); errors are RFC 7807 problem details. */
@Path("/internal")
public class InternalResource {
    private final SlideInspector inspector;

    public InternalResource(SlideInspector inspector) {
        this.inspector = inspector;
    }

    /** {@code {"path": "<relative to the images root>"}} → the {@code SlideInspected} record (readable or not). */
    @POST
    @Path("inspect")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> inspect(JsonNode body) {
        JsonNode path = body == null ? null : body.get("path");
        if (path == null || !path.isTextual() || path.asText().isBlank() || path.asText().length() > 4096) {
            return Uni.createFrom().item(problem(400, "Bad request", "the body must be {\"path\": \"<file under the images root>\"}"));
        }
        return Blocking.run(() -> Response.ok(EventJson.mapper().writeValueAsString(inspector.inspect(path.asText())),
                MediaType.APPLICATION_JSON_TYPE).build());
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
