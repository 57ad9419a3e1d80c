package org.slidescore.scoring.repository;

import java.time.Instant;

/** An answer as stored. */
public record StoredAnswer(long id, Long imageId, Long caseId, Long tmaCoreId, String userEmail, long questionId,
                           String value, Instant modifiedAt) {
}
