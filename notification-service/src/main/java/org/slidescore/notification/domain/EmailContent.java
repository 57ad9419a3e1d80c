package org.slidescore.notification.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Subject and body of a SendEmail call, checked and with the {@code <LINK:caption>} tokens of the body turned into
 * {@code caption (url)}, the url being the study's scoring page.
 *
 * @param subject one line, at most {@code maxSubject} characters
 * @param body    the plain-text body with links resolved
 */
public record EmailContent(String subject, String body) {

    /** {@code <LINK:Start Scoring>} or {@code <LINK:any caption>}; the caption is one line without angle brackets. */
    static final Pattern LINK = Pattern.compile("<LINK:([^<>\\r\\n]{1,200})>", Pattern.CASE_INSENSITIVE);

    /** Bounds how much a body can grow when its tokens are written out (the event must stay well below 1 MB). */
    public static final int MAX_LINKS = 100;

    /** Limits of one call. */
    public record Limits(int maxSubject, int maxBody) {
    }

    /**
     * @param scoringUrl the absolute URL of the study's scoring page
     * @throws InvalidEmailException when the subject is missing, too long or holds a line break or control character,
     *                               or the body is missing, too long or holds a NUL character
     */
    public static EmailContent of(String subject, String body, String scoringUrl, Limits limits) {
        if (subject == null || subject.isBlank()) {
            throw new InvalidEmailException("subject must not be empty");
        }
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new InvalidEmailException("subject must not contain line breaks");
        }
        if (subject.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new InvalidEmailException("subject must not contain control characters");
        }
        if (subject.length() > limits.maxSubject()) {
            throw new InvalidEmailException("subject is " + subject.length() + " characters long; at most "
                    + limits.maxSubject() + " are allowed");
        }
        if (body == null) {
            throw new InvalidEmailException("body is required");
        }
        if (body.length() > limits.maxBody()) {
            throw new InvalidEmailException("body is " + body.length() + " characters long; at most "
                    + limits.maxBody() + " are allowed");
        }
        if (body.indexOf('\0') >= 0) {
            throw new InvalidEmailException("body must not contain NUL characters");
        }
        long links = LINK.matcher(body).results().count();
        if (links > MAX_LINKS) {
            throw new InvalidEmailException("body holds " + links + " <LINK:...> tokens; at most " + MAX_LINKS
                    + " are allowed");
        }
        return new EmailContent(subject.strip(), resolveLinks(body, scoringUrl));
    }

    static String resolveLinks(String body, String scoringUrl) {
        Matcher m = LINK.matcher(body);
        StringBuilder out = new StringBuilder(body.length() + 64);
        while (m.find()) {
            String caption = m.group(1).strip();
            String text = caption.isEmpty() ? scoringUrl : caption + " (" + scoringUrl + ")";
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }
}
