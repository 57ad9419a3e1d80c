package org.slidescore.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.events.EmailRequested;
import org.slidescore.notification.domain.DeliveryStatus;
import org.slidescore.notification.domain.EmailDelivery;
import org.slidescore.notification.domain.EmailRequest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Requests and per-recipient deliveries. Every method expects to run inside a session (most inside a transaction). */
@ApplicationScoped
public class DeliveryRepository {

    /** The request and one QUEUED delivery per recipient, waiting for the request's event. */
    public Uni<Void> saveAccepted(EmailRequest request, List<String> recipients) {
        Instant now = request.createdAt;
        Uni<Void> chain = request.persist().replaceWithVoid();
        for (String recipient : recipients) {
            EmailDelivery d = new EmailDelivery();
            d.requestId = request.id;
            d.eventId = request.eventId;
            d.studyId = request.studyId;
            d.recipient = recipient;
            d.status = DeliveryStatus.QUEUED;
            d.queuedAt = now;
            d.updatedAt = now;
            chain = chain.chain(() -> d.persist()).replaceWithVoid();
        }
        return chain;
    }

    /**
     * Makes sure the request and its deliveries exist (the event may come from a replica whose rows we have, or be
     * replayed into an empty database) and makes the waiting ones due now.
     */
    public Uni<Void> ensureFromEvent(UUID eventId, EmailRequested event, Instant now) {
        return Panache.getSession().flatMap(session -> {
            Uni<Integer> chain = session.createNativeQuery("""
                            INSERT INTO email_request
                              (id, event_id, study_id, sender, subject, body, html_body, created_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?7) ON CONFLICT DO NOTHING""")
                    .setParameter(1, UUID.fromString(event.requestId()))
                    .setParameter(2, eventId)
                    .setParameter(3, event.studyId())
                    .setParameter(4, event.from())
                    .setParameter(5, event.subject())
                    .setParameter(6, event.body())
                    .setParameter(7, now)
                    .setParameter(8, event.html())
                    .executeUpdate();
            for (String recipient : event.to()) {
                chain = chain.chain(() -> session.createNativeQuery("""
                                INSERT INTO email_delivery
                                  (request_id, event_id, study_id, recipient, status, attempts, queued_at, updated_at)
                                VALUES (?1, ?2, ?3, ?4, 'QUEUED', 0, ?5, ?5)
                                ON CONFLICT (event_id, recipient) DO NOTHING""")
                        .setParameter(1, UUID.fromString(event.requestId()))
                        .setParameter(2, eventId)
                        .setParameter(3, event.studyId())
                        .setParameter(4, recipient)
                        .setParameter(5, now)
                        .executeUpdate());
            }
            return chain.chain(() -> session.createNativeQuery("""
                            UPDATE email_delivery SET next_attempt_at = ?2, updated_at = ?2
                            WHERE event_id = ?1 AND status = 'QUEUED' AND next_attempt_at IS NULL""")
                    .setParameter(1, eventId)
                    .setParameter(2, now)
                    .executeUpdate());
        }).replaceWithVoid();
    }

    /**
     * Takes a due delivery for one attempt: it becomes SENDING, its attempt is counted, and nobody else takes it
     * before {@code claimUntil}. False when it is not due, already final or taken by another sender.
     */
    public Uni<Boolean> claim(long id, Instant now, Instant claimUntil) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        UPDATE email_delivery
                        SET status = 'SENDING', attempts = attempts + 1, next_attempt_at = ?3, updated_at = ?2
                        WHERE id = ?1 AND status IN ('QUEUED', 'SENDING') AND next_attempt_at <= ?2""")
                .setParameter(1, id).setParameter(2, now).setParameter(3, claimUntil)
                .executeUpdate()).map(n -> n == 1);
    }

    /** Due deliveries (waiting retries, and claims whose sender died), oldest first. */
    public Uni<List<Long>> due(Instant now, int limit) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT id FROM email_delivery
                        WHERE status IN ('QUEUED', 'SENDING') AND next_attempt_at <= ?1
                        ORDER BY next_attempt_at, id LIMIT ?2""", Long.class)
                .setParameter(1, now).setParameter(2, limit).getResultList());
    }

    public Uni<List<Long>> dueOfEvent(UUID eventId, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT id FROM email_delivery
                        WHERE event_id = ?1 AND status = 'QUEUED' AND next_attempt_at <= ?2 ORDER BY id""", Long.class)
                .setParameter(1, eventId).setParameter(2, now).getResultList());
    }

    public Uni<Void> markSent(long id, Instant now) {
        return EmailDelivery.update("status = ?1, sentAt = ?2, updatedAt = ?2, nextAttemptAt = null, lastError = null"
                + " where id = ?3 and status = ?4", DeliveryStatus.SENT, now, id, DeliveryStatus.SENDING).replaceWithVoid();
    }

    public Uni<Void> markRetry(long id, String reason, Instant now, Instant nextAttempt) {
        return EmailDelivery.update("status = ?1, lastError = ?2, nextAttemptAt = ?3, updatedAt = ?4"
                        + " where id = ?5 and status = ?6", DeliveryStatus.QUEUED, reason, nextAttempt, now, id,
                DeliveryStatus.SENDING).replaceWithVoid();
    }

    public Uni<Void> markFailed(long id, String reason, Instant now) {
        return EmailDelivery.update("status = ?1, lastError = ?2, nextAttemptAt = null, updatedAt = ?3"
                + " where id = ?4 and status = ?5", DeliveryStatus.FAILED, reason, now, id, DeliveryStatus.SENDING)
                .replaceWithVoid();
    }

    /** The deliveries of a study changed at or after {@code since} (all when null), oldest first. */
    public Uni<List<EmailDelivery>> ofStudy(long studyId, Instant since, int limit) {
        if (since == null) {
            return EmailDelivery.<EmailDelivery>find("studyId", Sort.by("queuedAt").and("id"), studyId)
                    .page(0, limit).list();
        }
        return EmailDelivery.<EmailDelivery>find("studyId = :study and updatedAt >= :since",
                        Sort.by("queuedAt").and("id"), Parameters.with("study", studyId).and("since", since))
                .page(0, limit).list();
    }
}
