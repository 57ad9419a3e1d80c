package org.slidescore.study.internal;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.slidescore.events.EventJson;
import org.slidescore.study.domain.Image;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which study an image belongs to, for a service that meets an image id its projection does not hold yet (scoring's
 * ExportASAPAnnotations / UploadASAPAnnotations name only the image): {@code {"imageId": n, "studyId": n}}; the
 * study itself then comes from {@code /internal/studies/{id}}. Not routed by the gateway; errors are RFC 7807.
 */
@Path("/internal/images")
public class InternalImagesResource {

    @GET
    @Path("{id}")
    public Uni<Response> byId(@PathParam("id") String id) {
        long imageId;
        try {
            imageId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(InternalStudiesResource.problem(400, "Bad image id",
                    "'" + id + "' is not an image id"));
        }
        return Panache.withSession(() -> Image.<Image>findById(imageId)).map(image -> {
            if (image == null) {
                return InternalStudiesResource.problem(404, "Image not found", "There is no image with id " + imageId);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("imageId", image.id);
            body.put("studyId", image.studyId);
            return Response.ok(EventJson.write(body), "application/json").build();
        });
    }
}
