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
 * The sender side of EmailRequested: records the event's deliveries as due (once per event id), acknowledges the
 * record, and starts sending them.
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
                .invoke(() -> {
                    if (recorded.get() != null) {
                        sendInBackground(recorded.get());
                    }
                });
    }

    /**
     * The deliveries are safe in the database once the event is recorded, so the record is acknowledged at once and
     * sending goes on without holding up the partition (a slow or unreachable SMTP server must not stall the
     * consumer past Kafka's processing limits). Whatever this does not finish, the retry poller does.
     */
    private void sendInBackground(UUID eventId) {
        worker.sendDueOf(eventId).subscribe().with(
                ignored -> Log.debugf("event %s: due deliveries attempted", eventId),
                e -> Log.warnf("event %s: deliveries recorded, sending left to the poller: %s", eventId, e.toString()));
    }
}
