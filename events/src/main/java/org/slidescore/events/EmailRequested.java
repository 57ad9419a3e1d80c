package org.slidescore.events;

import java.util.List;

/**
 * A validated SendEmail request waiting to be delivered; one message per recipient. Key: the study id.
 *
 * @param body the plain-text body with its {@code <LINK:...>} tokens already resolved
 * @param html the same body as HTML, each {@code <LINK:caption>} an anchor showing its caption; null when the
 *             producer sends plain text only
 */
public record EmailRequested(String requestId, long studyId, String from, List<String> to, String subject,
                             String body, String html) implements SlideScoreEvent {

    /** A plain-text request (no HTML part). */
    public EmailRequested(String requestId, long studyId, String from, List<String> to, String subject, String body) {
        this(requestId, studyId, from, to, subject, body, null);
    }
}
