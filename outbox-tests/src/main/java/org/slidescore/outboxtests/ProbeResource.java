package org.slidescore.outboxtests;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.common.outbox.Outbox;
import org.slidescore.events.EventEnvelope;

import java.util.Map;

/** Creates probe items the way a service changes state: entity and outbox row in one reactive transaction. */
@Path("/probe")
@Produces(MediaType.TEXT_PLAIN)
public class ProbeResource {
    private final Outbox outbox;
    private final String topic;

    public ProbeResource(Outbox outbox, @ConfigProperty(name = "mp.messaging.incoming.probe-in.topic") String topic) {
        this.outbox = outbox;
        this.topic = topic;
    }

    /** Commits an item and its event; answers the event id. */
    @POST
    @Path("/items")
    public Uni<String> create(@QueryParam("name") String name, @QueryParam("key") String key) {
        EventEnvelope envelope = envelope(name);
        String recordKey = key == null || key.isBlank() ? null : key;
        return Panache.withTransaction(() -> item(name).persist()
                        .chain(() -> outbox.publish(topic, recordKey, envelope)))
                .replaceWith(envelope.eventId().toString());
    }

    /** Writes an item and its event, then fails: the transaction rolls back, taking the event with it. */
    @POST
    @Path("/items/rolled-back")
    public Uni<Response> createThenFail(@QueryParam("name") String name, @QueryParam("key") String key) {
        EventEnvelope envelope = envelope(name);
        return Panache.withTransaction(() -> item(name).persist()
                        .chain(() -> outbox.publish(topic, key, envelope))
                        .chain(() -> Uni.createFrom().<Void>failure(new IllegalStateException("rolled back on purpose"))))
                .replaceWith(Response.ok(envelope.eventId().toString()).build())
                .onFailure().recoverWithItem(e -> Response.status(409).entity(e.getMessage()).build());
    }

    /** Publishes without a transaction, which the outbox must refuse. */
    @POST
    @Path("/outside-transaction")
    public Uni<Response> publishOutsideTransaction(@QueryParam("name") String name) {
        return Panache.withSession(() -> outbox.publish(topic, "k", envelope(name)))
                .replaceWith(Response.ok("published").build())
                .onFailure().recoverWithItem(e -> Response.status(409).entity(e.getMessage()).build());
    }

    /** Publishes to a name Kafka would refuse, which the outbox must refuse at once. */
    @POST
    @Path("/bad-topic")
    public Uni<Response> publishToBadTopic(@QueryParam("name") String name) {
        return Panache.withTransaction(() -> outbox.publish("no spaces allowed", "k", envelope(name)))
                .replaceWith(Response.ok("published").build())
                .onFailure().recoverWithItem(e -> Response.status(409).entity(e.getMessage()).build());
    }

    private static ProbeItem item(String name) {
        ProbeItem item = new ProbeItem();
        item.name = name;
        return item;
    }

    private static EventEnvelope envelope(String name) {
        return EventEnvelope.of("outbox-tests", Map.of("name", name), new ProbeCreated(name));
    }
}
