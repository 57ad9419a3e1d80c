package org.slidescore.tile.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.common.outbox.Outbox;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.EventFormatException;
import org.slidescore.events.SlideUploaded;
import org.slidescore.events.Topics;
import org.slidescore.tile.slide.SlideInspector;

import java.util.Map;

/**
 * Opens every uploaded slide file and publishes what the readers found ({@code slide-inspected}, through the outbox).
 * The inspection runs on a worker thread before the consumer's transaction; a redelivered event is inspected again but
 * published once.
 */
@ApplicationScoped
public class SlideUploadedConsumer {
    static final String PRODUCER = "tile-service";

    private final IdempotentConsumer consumer;
    private final Outbox outbox;
    private final SlideInspector inspector;

    public SlideUploadedConsumer(IdempotentConsumer consumer, Outbox outbox, SlideInspector inspector) {
        this.consumer = consumer;
        this.outbox = outbox;
        this.inspector = inspector;
    }

    @Incoming("slide-uploaded-in")
    public Uni<Void> onSlideUploaded(String json) {
        SlideUploaded uploaded;
        try {
            uploaded = json == null ? null : EventEnvelope.fromJson(json).dataAs(SlideUploaded.class);
        } catch (EventFormatException | IllegalArgumentException e) {
            // let the idempotent consumer report it as poison (dead-letter topic)
            return consumer.handle("tile.slide-inspection", json, env -> Uni.createFrom().voidItem());
        }
        if (uploaded == null || uploaded.kind() != SlideUploaded.FileKind.SLIDE) {
            return consumer.handle("tile.slide-inspection", json, env -> Uni.createFrom().voidItem());
        }
        // back on the caller's Vert.x context afterwards: the consumer's transaction (Hibernate Reactive) lives there
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        java.util.concurrent.Executor back = context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
        return Uni.createFrom().item(() -> inspector.inspect(uploaded.path()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(back)
                .chain(result -> consumer.handle("tile.slide-inspection", json, env -> {
                    Log.infof("slide %s inspected: %s", uploaded.path(), result.readable() ? result.format() + " "
                            + result.width() + "x" + result.height() : "unreadable (" + result.error() + ")");
                    return outbox.publish(Topics.SLIDE_INSPECTED, result.path(),
                            EventEnvelope.of(PRODUCER, Map.of("path", result.path()), result));
                }));
    }

}
