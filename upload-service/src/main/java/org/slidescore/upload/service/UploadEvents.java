package org.slidescore.upload.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.outbox.Outbox;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.SlideUploaded;
import org.slidescore.events.Topics;

import java.util.Map;

/** {@code SlideUploaded} through the transactional outbox; call inside the transaction that marks the upload finished. */
@ApplicationScoped
public class UploadEvents {
    public static final String PRODUCER = "upload-service";

    private final Outbox outbox;

    public UploadEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> slideUploaded(SlideUploaded event) {
        EventEnvelope envelope = EventEnvelope.of(PRODUCER,
                Map.of("path", event.path(), "uploadId", event.uploadId()), event);
        return outbox.publish(Topics.SLIDE_UPLOADED, event.path(), envelope);
    }
}
