package org.slidescore.notification.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Subject and body of a SendEmail call, checked, with the {@code <LINK:caption>} tokens of the body resolved to the
 * study's scoring page: in the plain text as {@code caption (url)}, in the HTML alternative as an anchor showing the
 * caption.
 *
 * @param subject one line, at most {@code maxSubject} characters
 * @param body    the plain-text body with links resolved
 * @param html    the body as HTML: text escaped, line breaks as {@code <br>}, links as anchors
 */
public record EmailContent(String subject, String body, String html) {

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
        return new EmailContent(subject.strip(), resolveLinks(body, scoringUrl), html(body, scoringUrl));
    }

    static String html(String body, String scoringUrl) {
        Matcher m = LINK.matcher(body);
        StringBuilder out = new StringBuilder(body.length() * 11 / 10 + 64);
        int at = 0;
        while (m.find()) {
            appendText(out, body, at, m.start());
            String caption = m.group(1).strip();
            out.append("<a href=\"").append(escape(scoringUrl, true)).append("\">")
                    .append(escape(caption.isEmpty() ? scoringUrl : caption, false)).append("</a>");
            at = m.end();
        }
        appendText(out, body, at, body.length());
        return out.toString();
    }

    private static void appendText(StringBuilder out, String body, int from, int to) {
        String text = body.substring(from, to).replace("\r\n", "\n").replace('\r', '\n');
        out.append(escape(text, false).replace("\n", "<br>\n"));
    }

    /** HTML-escapes text; quotes only matter inside attribute values. */
    static String escape(String s, boolean attribute) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\'' -> out.append(attribute ? "&#39;" : "'");
                default -> out.append(c);
            }
        }
        return out.toString();
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
