package org.slidescore.events;

import java.time.Instant;
import java.util.List;

/**
 * Answers were stored for a study. Key: the study id.
 *
 * @param source      how they came ({@code UploadResults}, {@code UploadASAPAnnotations}, {@code Anno2})
 * @param answerCount how many answers were created or changed
 * @param users       the e-mail addresses the answers belong to
 */
public record ScoresSubmitted(long studyId, String tokenId, String source, int answerCount, List<String> users,
                              Instant submittedAt) implements SlideScoreEvent {
}
