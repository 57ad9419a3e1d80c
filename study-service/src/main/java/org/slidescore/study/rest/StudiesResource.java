package org.slidescore.study.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.slidescore.study.domain.Study;

import java.util.List;

@Path("/Api/Studies")
public class StudiesResource {

    /** A study as the contract lists it: {@code [{"id","name",...}]}. */
    public record StudySummary(@JsonProperty("id") long id, @JsonProperty("name") String name) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<StudySummary>> list() {
        return Study.<Study>listAll(io.quarkus.panache.common.Sort.by("id"))
                .map(studies -> studies.stream().map(s -> new StudySummary(s.id, s.name)).toList());
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<StudySummary>> listByPost() {
        return list();
    }
}
