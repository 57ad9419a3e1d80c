package org.slidescore.notification.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.outbox.Outbox;
import org.slidescore.common.wire.BadParameterException;
import org.slidescore.common.wire.WireException;
import org.slidescore.events.EmailRequested;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.Topics;
import org.slidescore.notification.config.MailConfig;
import org.slidescore.notification.domain.EmailContent;
import org.slidescore.notification.domain.EmailDelivery;
import org.slidescore.notification.domain.EmailRequest;
import org.slidescore.notification.domain.InvalidEmailException;
import org.slidescore.notification.domain.RecipientList;
import org.slidescore.notification.repository.DeliveryRepository;
import org.slidescore.notification.service.StudyDirectory.StudyView;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;

/**
 * SendEmail and GetEmailStatus: rights, input checks, the study-user check, and accepting a request by storing it
 * and publishing EmailRequested in one transaction (the outbox relays it, so an accepted request is never lost).
 */
@ApplicationScoped
public class EmailService {
    static final int MAX_STATUS_ROWS = 1000;

    private final StudyDirectory studies;
    private final DeliveryRepository deliveries;
    private final Outbox outbox;
    private final MailConfig config;
    private final String publicUrl;

    public EmailService(StudyDirectory studies, DeliveryRepository deliveries, Outbox outbox, MailConfig config,
                        @ConfigProperty(name = "slidescore.public-url") String publicUrl) {
        this.studies = studies;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.config = config;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** What one SendEmail call asks for, as the client sent it. */
    public record SendEmail(long studyId, String to, String subject, String body) {
    }

    /** One delivery as GetEmailStatus reports it. */
    public record DeliveryView(EmailDelivery delivery, String subject) {
    }

    /**
     * Checks and accepts one SendEmail call. Fails with a {@link WireException} saying what was wrong: a missing
     * right, a study the token may not read, bad input, or an address that is not a user of the study (then nothing
     * is stored and nothing is sent).
     */
    public Uni<UUID> send(ApiToken token, SendEmail call) {
        token.requireRight(Right.CanGetConfig);
        RecipientList recipients;
        EmailContent content;
        try {
            recipients = RecipientList.parse(call.to(), config.maxRecipients());
        } catch (InvalidEmailException e) {
            throw new BadParameterException("to", e.getMessage());
        }
        try {
            content = EmailContent.of(call.subject(), call.body(), scoringUrl(call.studyId()),
                    new EmailContent.Limits(config.maxSubjectLength(), config.maxBodyLength()));
        } catch (InvalidEmailException e) {
            throw new BadParameterException(e.getMessage().startsWith("subject") ? "subject" : "body", e.getMessage());
        }
        return readableStudy(token, call.studyId())
                .flatMap(study -> checkUsers(study, recipients.addresses()))
                .flatMap(study -> accept(token, study, recipients.addresses(), content));
    }

    /** The study's deliveries changed at or after {@code since} (all when null); same rights as SendEmail. */
    public Uni<List<DeliveryView>> status(ApiToken token, long studyId, Instant since) {
        token.requireRight(Right.CanGetConfig);
        return readableStudy(token, studyId).flatMap(study -> Panache.withSession(() ->
                deliveries.ofStudy(studyId, since, MAX_STATUS_ROWS).flatMap(rows -> {
                    List<UUID> requestIds = rows.stream().map(d -> d.requestId).distinct().toList();
                    if (requestIds.isEmpty()) {
                        return Uni.createFrom().item(List.<DeliveryView>of());
                    }
                    return EmailRequest.<EmailRequest>list("id in ?1", requestIds).map(requests -> {
                        Map<UUID, String> subjects = new HashMap<>();
                        requests.forEach(r -> subjects.put(r.id, r.subject));
                        return rows.stream().map(d -> new DeliveryView(d, subjects.get(d.requestId))).toList();
                    });
                })));
    }

    String scoringUrl(long studyId) {
        return publicUrl + config.scoringPath().replace("{studyId}", Long.toString(studyId));
    }

    private Uni<StudyView> readableStudy(ApiToken token, long studyId) {
        return studies.find(studyId)
                .onFailure(e -> !(e instanceof WireException)).transform(this::unavailable)
                .map(found -> {
                    StudyView study = found.orElseThrow(() -> new WireException("Study " + studyId + " not found"));
                    token.requireCanRead(study.id(), study.name());
                    return study;
                });
    }

    private WireException unavailable(Throwable e) {
        Log.warnf("study lookup failed: %s", e.toString());
        return new WireException("Could not look up the study right now; please try again later");
    }

    /**
     * Every address must be a user of the study. The projection may lag behind a Reimport that just added users,
     * so an unknown address makes us ask study-service once before refusing.
     */
    private Uni<StudyView> checkUsers(StudyView study, List<String> addresses) {
        if (addresses.stream().allMatch(study::hasUser)) {
            return Uni.createFrom().item(study);
        }
        return studies.readThrough(study.id())
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("study %d: read-through failed (%s); using the projection", study.id(), e.toString());
                    return Optional.empty();
                })
                .map(fresh -> {
                    StudyView current = fresh.orElse(study);
                    for (String address : addresses) {
                        if (!current.hasUser(address)) {
                            throw new WireException(address + " is not a user of study " + study.id());
                        }
                    }
                    return current;
                });
    }

    private Uni<UUID> accept(ApiToken token, StudyView study, List<String> addresses, EmailContent content) {
        UUID requestId = UUID.randomUUID();
        EmailRequested event = new EmailRequested(requestId.toString(), study.id(), config.from(), addresses,
                content.subject(), content.body(), content.html());
        EventEnvelope envelope = EventEnvelope.of(DeliveryWorker.PRODUCER,
                Map.of("studyId", Long.toString(study.id()), "requestId", requestId.toString()), event);
        EmailRequest request = new EmailRequest();
        request.id = requestId;
        request.eventId = envelope.eventId();
        request.studyId = study.id();
        request.tokenId = token.id();
        request.sender = config.from();
        request.subject = content.subject();
        request.body = content.body();
        request.htmlBody = content.html();
        request.createdAt = Instant.now();
        return Panache.withTransaction(() -> deliveries.saveAccepted(request, addresses)
                        .chain(() -> outbox.publish(Topics.EMAIL_REQUESTED, Long.toString(study.id()), envelope)))
                // the outbox refuses an event that Kafka could never carry
                .onFailure(IllegalArgumentException.class).transform(e -> {
                    Log.warnf("email request %s for study %d refused: %s", requestId, study.id(), e.getMessage());
                    return new WireException("This e-mail is too large to send; shorten the body or send it to"
                            + " fewer recipients at a time");
                })
                .invoke(() -> Log.infof("email request %s for study %d accepted: %d recipient(s), token %s",
                        requestId, study.id(), addresses.size(), token.id()))
                .replaceWith(requestId);
    }
}
