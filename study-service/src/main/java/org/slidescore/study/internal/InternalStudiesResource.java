package org.slidescore.study.internal;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;
import org.slidescore.study.domain.Study;
import org.slidescore.study.service.SnapshotService;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-through for other services: the current {@link StudyChanged} snapshot of a study, for a consumer that meets a
 * study id its projection does not hold yet. Not routed by the gateway. Errors are RFC 7807 problem details.
 */
@Path("/internal/studies")
public class InternalStudiesResource {
    private final SnapshotService snapshots;

    public InternalStudiesResource(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @GET
    @Path("{id}")
    public Uni<Response> byId(@PathParam("id") String id) {
        long studyId;
        try {
            studyId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(problem(400, "Bad study id", "'" + id + "' is not a study id"));
        }
        return Panache.withSession(() -> snapshots.snapshot(studyId)).map(s -> found(s, "study id " + studyId));
    }

    @GET
    @Path("by-name/{name}")
    public Uni<Response> byName(@PathParam("name") String name) {
        return Panache.withSession(() -> Study.<Study>find("name", name).firstResult()
                        .chain(s -> s == null ? Uni.createFrom().<StudyChanged>nullItem() : snapshots.snapshot(s)))
                .map(s -> found(s, "study name " + name));
    }

    private static Response found(StudyChanged snapshot, String what) {
        if (snapshot == null) {
            return problem(404, "Study not found", "There is no study with " + what);
        }
        return Response.ok(EventJson.write(snapshot), "application/json").build();
    }

    static Response problem(int status, String title, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        return Response.status(status).type("application/problem+json").entity(EventJson.write(p)).build();
    }
}
