package org.slidescore.study.service;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slide descriptions are "limited HTML": a few formatting tags without attributes (links keep an http(s)/mailto
 * {@code href}); every other tag and every {@code <}, {@code >}, {@code &} that is not part of an allowed tag or an
 * entity is escaped, so a description can never carry script into the viewer.
 */
public final class HtmlDescription {
    public static final int MAX_LENGTH = 64 * 1024;
    private static final Set<String> TAGS = Set.of("b", "i", "u", "em", "strong", "br", "p", "ul", "ol", "li", "span",
            "div", "h1", "h2", "h3", "h4", "sub", "sup", "a", "hr");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>");
    private static final Pattern HREF = Pattern.compile("\\bhref\\s*=\\s*(\"([^\"]*)\"|'([^']*)')",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{1,31});");

    public static String sanitize(String html) {
        if (html == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        Matcher m = TAG.matcher(html);
        int last = 0;
        while (m.find()) {
            out.append(escapeText(html.substring(last, m.start())));
            String name = m.group(2).toLowerCase(Locale.ROOT);
            boolean closing = !m.group(1).isEmpty();
            if (!TAGS.contains(name)) {
                out.append(escapeText(m.group()));
            } else if (closing) {
                out.append("</").append(name).append('>');
            } else if (name.equals("a")) {
                Matcher h = HREF.matcher(m.group(3));
                String href = h.find() ? (h.group(2) != null ? h.group(2) : h.group(3)).trim() : null;
                if (href != null && href.matches("(?i)(https?://|mailto:)[^\"'<>\\s]*")) {
                    out.append("<a href=\"").append(href.replace("&", "&amp;")).append("\">");
                } else {
                    out.append("<a>");
                }
            } else {
                out.append('<').append(name).append(m.group(3).trim().endsWith("/") ? "/>" : ">");
            }
            last = m.end();
        }
        out.append(escapeText(html.substring(last)));
        return out.toString();
    }

    private static String escapeText(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') {
                sb.append("&lt;");
            } else if (c == '>') {
                sb.append("&gt;");
            } else if (c == '&') {
                Matcher e = ENTITY.matcher(s).region(i, s.length());
                if (e.lookingAt()) {
                    sb.append(e.group());
                    i = e.end() - 1;
                } else {
                    sb.append("&amp;");
                }
            } else if (c == '"' ) {
                sb.append("&quot;");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private HtmlDescription() {
    }
}
