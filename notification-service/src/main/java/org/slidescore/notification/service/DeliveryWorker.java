package org.slidescore.notification.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.outbox.Outbox;
import org.slidescore.events.EmailRequested;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.Topics;
import org.slidescore.notification.config.MailConfig;
import org.slidescore.notification.domain.EmailDelivery;
import org.slidescore.notification.domain.EmailRequest;
import org.slidescore.notification.repository.DeliveryRepository;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Sends deliveries, one recipient at a time: claim (so two senders never send the same delivery), send over SMTP,
 * record the outcome. A transient failure is retried with exponential backoff by the poller; a permanent one, or
 * the last allowed attempt, fails the delivery and puts it on the dead-letter topic. A sender that dies while a
 * delivery is claimed leaves it to the poller once the claim runs out, so nothing accepted is lost.
 */
@ApplicationScoped
public class DeliveryWorker {
    static final String PRODUCER = "notification-service";

    private final DeliveryRepository deliveries;
    private final SmtpSender smtp;
    private final Outbox outbox;
    private final MailConfig config;
    private final io.micrometer.core.instrument.MeterRegistry registry;

    public DeliveryWorker(DeliveryRepository deliveries, SmtpSender smtp, Outbox outbox, MailConfig config,
                          io.micrometer.core.instrument.MeterRegistry registry) {
        this.deliveries = deliveries;
        this.smtp = smtp;
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
    }

    /** {@code slidescore.email.sent}, {@code slidescore.email.retries}, {@code slidescore.email.failed{reason}}. */
    private void count(String name, String description, String... tags) {
        io.micrometer.core.instrument.Counter.builder(name).description(description).tags(tags).register(registry)
                .increment();
    }

    /** Sends the due deliveries of one event now (the consumer calls this right after recording the event). */
    public Uni<Void> sendDueOf(UUID eventId) {
        return Panache.withSession(() -> deliveries.dueOfEvent(eventId, Instant.now())).flatMap(this::attemptAll);
    }

    /** Retries what is due: deliveries waiting for their next attempt and claims of senders that died. */
    @Scheduled(every = "${slidescore.mail.retry.poll-every:2s}", delayed = "${slidescore.mail.retry.poll-delay:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> retryDue() {
        return Panache.withSession(() -> deliveries.due(Instant.now(), config.retry().batchSize()))
                .flatMap(this::attemptAll)
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("retry poll failed: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> attemptAll(List<Long> ids) {
        return Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(this::attempt)
                .collect().last().replaceWithVoid();
    }

    /** One attempt for one delivery; never fails (the outcome is recorded instead). */
    public Uni<Void> attempt(long deliveryId) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> deliveries.claim(deliveryId, now, now.plus(config.retry().claimTimeout())))
                .flatMap(claimed -> claimed ? sendClaimed(deliveryId) : Uni.createFrom().voidItem())
                .onFailure().recoverWithUni(e -> {
                    Log.errorf("delivery %d: could not record an attempt: %s", deliveryId, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> sendClaimed(long deliveryId) {
        // the SMTP client may answer on another event loop; Hibernate Reactive must go on where the session lives
        Context context = Vertx.currentContext();
        Executor back = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return Panache.withSession(() -> EmailDelivery.<EmailDelivery>findById(deliveryId)
                        .flatMap(d -> EmailRequest.<EmailRequest>findById(d.requestId).map(r -> new Claimed(d, r))))
                .flatMap(c -> smtp.send(c.request.sender, c.delivery.recipient, c.request.subject, c.request.body,
                                c.request.htmlBody, messageId(c.delivery))
                        .map(ignored -> (SmtpSender.Failure) null)
                        .onFailure().recoverWithItem(SmtpSender::classify)
                        .emitOn(back)
                        .flatMap(failure -> failure == null ? sent(c) : failed(c, failure)));
    }

    private Uni<Void> sent(Claimed c) {
        Log.infof("delivery %d: sent to %s for study %d (request %s, attempt %d)", c.delivery.id,
                c.delivery.recipient, c.delivery.studyId, c.delivery.requestId, c.delivery.attempts);
        return Panache.withTransaction(() -> deliveries.markSent(c.delivery.id, Instant.now()))
                .invoke(() -> count("slidescore.email.sent", "e-mails delivered"));
    }

    private Uni<Void> failed(Claimed c, SmtpSender.Failure failure) {
        Instant now = Instant.now();
        int attempts = c.delivery.attempts;
        if (!failure.permanent() && attempts < config.retry().maxAttempts()) {
            Instant next = now.plus(backoff(attempts));
            Log.warnf("delivery %d to %s: attempt %d failed (%s); next attempt at %s", c.delivery.id,
                    c.delivery.recipient, attempts, failure.reason(), next);
            return Panache.withTransaction(() -> deliveries.markRetry(c.delivery.id, failure.reason(), now, next))
                    .invoke(() -> count("slidescore.email.retries", "attempts that will be retried"));
        }
        String reason = failure.permanent() ? failure.reason()
                : "gave up after " + attempts + " attempts: " + failure.reason();
        Log.errorf("delivery %d to %s failed for good: %s", c.delivery.id, c.delivery.recipient, reason);
        return Panache.withTransaction(() -> deliveries.markFailed(c.delivery.id, reason, now)
                .chain(() -> outbox.publish(Topics.dlq(Topics.EMAIL_REQUESTED), Long.toString(c.delivery.studyId),
                        deadLetter(c, reason))))
                .invoke(() -> count("slidescore.email.failed", "e-mails failed for good",
                        "reason", failure.permanent() ? "refused" : "gave-up"));
    }

    Duration backoff(int attempts) {
        return backoff(attempts, config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    /** {@code initial * 2^(attempts-1)}, at most {@code max}. */
    static Duration backoff(int attempts, Duration initial, Duration max) {
        Duration d = initial;
        for (int i = 1; i < attempts && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** The failed recipient's share of the original event, with why and which event it came from. */
    private static EventEnvelope deadLetter(Claimed c, String reason) {
        EmailRequested data = new EmailRequested(c.request.id.toString(), c.request.studyId, c.request.sender,
                List.of(c.delivery.recipient), c.request.subject, c.request.body, c.request.htmlBody);
        return EventEnvelope.of(PRODUCER, Map.of(
                "studyId", Long.toString(c.delivery.studyId),
                "requestId", c.request.id.toString(),
                "originalEventId", c.delivery.eventId.toString(),
                "recipient", c.delivery.recipient,
                "reason", reason), data);
    }

    static String messageId(EmailDelivery d) {
        return "<" + d.eventId + "." + d.id + "@notification.slidescore>";
    }

    private record Claimed(EmailDelivery delivery, EmailRequest request) {
    }
}
