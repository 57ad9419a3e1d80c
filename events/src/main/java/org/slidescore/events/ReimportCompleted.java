package org.slidescore.events;

/**
 * The worker's answer to a {@link ReimportRequested}. Key: the study name.
 *
 * @param requestId the request's id
 * @param success   whether the import was applied
 * @param studyId   the study's id when it exists
 * @param log       what was done, line by line (or why it failed)
 */
public record ReimportCompleted(String requestId, String studyName, boolean success, Long studyId, String log)
        implements SlideScoreEvent {
}
