package org.slidescore.scoring.projection;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.events.SlideUploaded;
import org.slidescore.scoring.service.Anno2Service;

/** Finished uploads: anno2 zips get linked to their answers; other files are not scoring's business. */
@ApplicationScoped
public class SlideUploadedConsumer {
    static final String CONSUMER = "scoring.anno2-uploads";

    private final IdempotentConsumer consumer;
    private final Anno2Service anno2;

    public SlideUploadedConsumer(IdempotentConsumer consumer, Anno2Service anno2) {
        this.consumer = consumer;
        this.anno2 = anno2;
    }

    @Incoming("slide-uploaded-in")
    public Uni<Void> onSlideUploaded(String json) {
        return consumer.handle(CONSUMER, json, envelope -> anno2.onUploaded(envelope.dataAs(SlideUploaded.class)));
    }
}
