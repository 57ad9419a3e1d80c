package org.slidescore.study.config;

import java.util.ArrayList;
import java.util.List;

/** Splits a configuration file into numbered lines: any line ending, a leading byte-order mark dropped, bounded. */
public final class ConfigText {
    /** Largest configuration file accepted (bytes of UTF-8, checked by the reader; characters here). */
    public static final int MAX_CHARS = 16 * 1024 * 1024;
    /** Longest line accepted. */
    public static final int MAX_LINE = 64 * 1024;

    public record Line(int number, String text) {
        public boolean isBlank() {
            return text.isBlank();
        }
    }

    /**
     * The file's lines, numbered from 1. A line longer than {@link #MAX_LINE} is reported and replaced by an empty
     * one so that the numbering of the following lines stays right.
     */
    public static List<Line> lines(String fileName, String content, ParseLog log) {
        List<Line> out = new ArrayList<>();
        if (content == null) {
            return out;
        }
        if (content.length() > MAX_CHARS) {
            log.error(fileName, 0, "file is larger than " + MAX_CHARS + " characters");
            return out;
        }
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        int n = 0;
        int start = 0;
        int len = text.length();
        while (start < len) {
            int end = start;
            while (end < len && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            n++;
            String line = text.substring(start, end);
            if (line.length() > MAX_LINE) {
                log.error(fileName, n, "line is longer than " + MAX_LINE + " characters");
                line = "";
            }
            out.add(new Line(n, line));
            if (end < len && text.charAt(end) == '\r' && end + 1 < len && text.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
        }
        return out;
    }

    private ConfigText() {
    }
}
