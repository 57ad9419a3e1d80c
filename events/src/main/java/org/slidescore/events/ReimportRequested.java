package org.slidescore.events;

/**
 * A Reimport call waiting for a worker. Key: the study name, so that one study is imported by one worker at a time.
 *
 * @param requestId         correlates the reply on {@link Topics#REIMPORT_COMPLETED}
 * @param studyName         the study's name as given by the client
 * @param ignoreImageErrors skip unreadable slides instead of failing
 * @param tokenId           id of the calling API token (becomes the owner of a new study)
 * @param tokenName         its {@code Name} claim, for the log
 */
public record ReimportRequested(String requestId, String studyName, boolean ignoreImageErrors, String tokenId,
                                String tokenName) implements SlideScoreEvent {
}
