package org.slidescore.scoring.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.wire.BadParameterException;
import org.slidescore.scoring.projection.Studies;
import org.slidescore.scoring.repository.AnswerRepository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** GetStudiesUpdated: readable studies with answers submitted at or after a moment. */
@ApplicationScoped
public class StudiesUpdatedService {
    private final AnswerRepository answers;
    private final Studies studies;

    public StudiesUpdatedService(AnswerRepository answers, Studies studies) {
        this.answers = answers;
        this.studies = studies;
    }

    /** {@code since} must be ISO 8601 with a zone ({@code Z} or an offset). */
    public static Instant parseSince(String since) {
        if (since == null || since.isBlank()) {
            throw BadParameterException.missing("since");
        }
        String s = since.trim();
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                java.time.LocalDateTime.parse(s);
                throw new BadParameterException("since", "Parameter since must name its time zone, e.g. "
                        + s + "Z or " + s + "+01:00; got '" + s + "'");
            } catch (DateTimeParseException notLocal) {
                throw new BadParameterException("since", "Parameter since must be an ISO 8601 date and time with a "
                        + "zone, e.g. 2024-05-01T12:00:00Z; got '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'");
            }
        }
    }

    public Uni<List<Long>> updatedSince(ApiToken token, Instant since) {
        return answers.studiesUpdatedSince(since)
                .chain(studies::headers)
                .map(headers -> headers.stream().filter(h -> token.canRead(h.id(), h.name()))
                        .map(Studies.StudyHeader::id).toList());
    }
}
