package org.slidescore.notification.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.events.EmailRequested;
import org.slidescore.events.EventEnvelope;
import org.slidescore.notification.repository.DeliveryRepository;
import org.slidescore.notification.service.DeliveryWorker;

import java.time.Instant;

/**
 * The sender side of EmailRequested: records the event's deliveries as due (once per event id), then sends them.
 * If the service dies after the first step, the retry poller sends them; a redelivered event finds its deliveries
 * already recorded (unique on event id + recipient) and sent ones are never claimed again.
 */
@ApplicationScoped
public class EmailRequestedConsumer {
    static final String CONSUMER = "notification-email-sender";

    private final IdempotentConsumer idempotent;
    private final DeliveryRepository deliveries;
    private final DeliveryWorker worker;

    public EmailRequestedConsumer(IdempotentConsumer idempotent, DeliveryRepository deliveries, DeliveryWorker worker) {
        this.idempotent = idempotent;
        this.deliveries = deliveries;
        this.worker = worker;
    }

    @Incoming("email-requested-in")
    public Uni<Void> consume(String json) {
        EventEnvelope[] seen = new EventEnvelope[1];
        return idempotent.handle(CONSUMER, json, envelope -> {
                    seen[0] = envelope;
                    return deliveries.ensureFromEvent(envelope.eventId(), envelope.dataAs(EmailRequested.class),
                            Instant.now());
                })
                .chain(() -> seen[0] == null ? Uni.createFrom().voidItem() : worker.sendDueOf(seen[0].eventId()));
    }
}
