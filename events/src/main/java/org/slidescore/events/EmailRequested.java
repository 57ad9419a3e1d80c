package org.slidescore.events;

import java.util.List;

/**
 * A validated SendEmail request waiting to be delivered; one message per recipient. Key: the study id.
 *
 * @param body the plain-text body with its {@code <LINK:...>} tokens already resolved
 */
public record EmailRequested(String requestId, long studyId, String from, List<String> to, String subject,
                             String body) implements SlideScoreEvent {
}
