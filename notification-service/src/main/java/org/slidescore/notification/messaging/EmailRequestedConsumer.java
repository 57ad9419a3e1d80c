package org.slidescore.notification.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.events.EmailRequested;
import org.slidescore.notification.repository.DeliveryRepository;
import org.slidescore.notification.service.DeliveryWorker;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

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
        AtomicReference<UUID> recorded = new AtomicReference<>();
        return idempotent.handle(CONSUMER, json, envelope -> {
                    recorded.set(envelope.eventId());
                    return deliveries.ensureFromEvent(envelope.eventId(), envelope.dataAs(EmailRequested.class),
                            Instant.now());
                })
                // from here on the deliveries are safe in the database: a failure to send now is the poller's job,
                // not a reason to dead-letter the event
                .chain(() -> recorded.get() == null ? Uni.createFrom().voidItem()
                        : worker.sendDueOf(recorded.get()).onFailure().recoverWithItem(e -> {
                            Log.warnf("event %s: deliveries recorded, sending left to the poller: %s",
                                    recorded.get(), e.toString());
                            return null;
                        }));
    }
}
