package org.slidescore.notification.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.BadParameterException;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.notification.domain.DeliveryStatus;
import org.slidescore.notification.service.EmailService;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET|POST /Api/GetEmailStatus} ({@code studyId}, optional {@code since}: ISO 8601 with a zone, or a date)
 * → {@code {"success":true,"deliveries":[...]}}: one entry per recipient of each SendEmail of the study, oldest
 * first. A new call (not in the seed); errors as {@code {"success":false,"log":"..."}} like SendEmail.
 */
@Path("/Api/GetEmailStatus")
@SlideScoreErrors(ErrorStyle.SUCCESS_LOG)
public class EmailStatusResource {
    private final ApiRequest api;
    private final EmailService emails;

    public EmailStatusResource(ApiRequest api, EmailService emails) {
        this.api = api;
        this.emails = emails;
    }

    /** One recipient of one SendEmail call. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(@JsonProperty("requestId") String requestId, @JsonProperty("to") String to,
                           @JsonProperty("subject") String subject,
                           @JsonProperty("status") String status, @JsonProperty("attempts") int attempts,
                           @JsonProperty("error") String error, @JsonProperty("queuedOn") Instant queuedOn,
                           @JsonProperty("sentOn") Instant sentOn, @JsonProperty("updatedOn") Instant updatedOn,
                           @JsonProperty("nextAttemptOn") Instant nextAttemptOn) {
    }

    public record Status(@JsonProperty("success") boolean success,
                         @JsonProperty("deliveries") List<Delivery> deliveries) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Status> get() {
        long studyId = api.longParam("studyId");
        Instant since = since(api.param("since"));
        return emails.status(api.token(), studyId, since)
                .map(rows -> new Status(true, rows.stream().map(EmailStatusResource::view).toList()));
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Status> post() {
        return get();
    }

    private static Delivery view(EmailService.DeliveryView v) {
        var d = v.delivery();
        boolean waiting = d.status == DeliveryStatus.QUEUED;
        return new Delivery(d.requestId.toString(), d.recipient, v.subject(), d.status.name().toLowerCase(Locale.ROOT),
                d.attempts, d.lastError, d.queuedAt, d.sentAt, d.updatedAt, waiting ? d.nextAttemptAt : null);
    }

    static Instant since(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                throw new BadParameterException("since", "since must be an ISO 8601 date and time with a time zone,"
                        + " e.g. 2026-01-31T12:00:00Z, or a date");
            }
        }
    }
}
