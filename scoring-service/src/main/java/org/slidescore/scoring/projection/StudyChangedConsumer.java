package org.slidescore.scoring.projection;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.events.StudyChanged;

/** Feeds {@code slidescore.study.study-changed.v1} into the study projection, once per event. */
@ApplicationScoped
public class StudyChangedConsumer {
    static final String CONSUMER = "scoring.study-projection";

    private final IdempotentConsumer consumer;
    private final StudyProjection projection;

    public StudyChangedConsumer(IdempotentConsumer consumer, StudyProjection projection) {
        this.consumer = consumer;
        this.projection = projection;
    }

    @Incoming("study-changed-in")
    public Uni<Void> onStudyChanged(String json) {
        return consumer.handle(CONSUMER, json, envelope -> projection.apply(envelope.dataAs(StudyChanged.class))
                .replaceWithVoid());
    }
}
