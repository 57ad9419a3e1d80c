package org.slidescore.scoring.domain;

/**
 * An answer ready to store: exactly one of {@code imageId} and {@code caseId} is set; {@code tmaCoreId} only with an
 * image.
 */
public record ResolvedAnswer(Long imageId, Long caseId, Long tmaCoreId, String userEmail, long questionId,
                             String value) {

    /** The identity the database keeps one answer for (user e-mails compare case-insensitively). */
    public String identity() {
        return imageId + "|" + caseId + "|" + tmaCoreId + "|" + userEmail.toLowerCase(java.util.Locale.ROOT) + "|"
                + questionId;
    }
}
