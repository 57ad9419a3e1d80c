package org.slidescore.study.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.events.SlideInspected;
import org.slidescore.study.domain.SlideInspection;


/** Keeps what the tile service found about each slide file, so Reimport knows which slides it cannot read. */
@ApplicationScoped
public class SlideInspectedConsumer {
    private final IdempotentConsumer consumer;

    public SlideInspectedConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("slide-inspected-in")
    public Uni<Void> onInspected(String json) {
        return consumer.handle("study.slide-inspections", json, env -> record(env.dataAs(SlideInspected.class)));
    }

    static Uni<Void> record(SlideInspected si) {
        if (si.path() == null || si.path().isBlank() || si.path().length() > 2048) {
            return Uni.createFrom().voidItem();
        }
        return SlideInspection.upsert(si.path(), si.readable(), si.format(), si.error());
    }
}
