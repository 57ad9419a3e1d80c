package org.slidescore.upload.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.SlideUploaded;
import org.slidescore.events.Topics;

import java.util.Map;

/**
 * Writes {@code SlideUploaded} into the transactional outbox ({@code outbox_event}, relayed to Kafka by common's
 * relay) on the connection of the caller's transaction, so the event exists exactly when the finish committed.
 */
@ApplicationScoped
public class UploadEvents {
    public static final String PRODUCER = "upload-service";

    public Uni<Void> slideUploaded(SqlConnection tx, SlideUploaded event) {
        EventEnvelope envelope = EventEnvelope.of(PRODUCER,
                Map.of("path", event.path(), "uploadId", event.uploadId()), event);
        return tx.preparedQuery("INSERT INTO outbox_event (event_id, topic, event_key, payload) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(envelope.eventId(), Topics.SLIDE_UPLOADED, event.path(), envelope.toJson()))
                .replaceWithVoid();
    }
}
