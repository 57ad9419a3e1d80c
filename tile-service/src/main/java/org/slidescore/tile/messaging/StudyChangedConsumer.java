package org.slidescore.tile.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.events.StudyChanged;
import org.slidescore.tile.images.ImageCatalog;

/** Keeps the image projection up to date from study-service's compacted study snapshots. */
@ApplicationScoped
public class StudyChangedConsumer {
    private final IdempotentConsumer consumer;
    private final ImageCatalog catalog;

    public StudyChangedConsumer(IdempotentConsumer consumer, ImageCatalog catalog) {
        this.consumer = consumer;
        this.catalog = catalog;
    }

    @Incoming("study-changed-in")
    public Uni<Void> onStudyChanged(String json) {
        return consumer.handle("tile.study-projection", json, e -> catalog.apply(e.dataAs(StudyChanged.class)));
    }
}
