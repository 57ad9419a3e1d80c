package org.slidescore.study.service;

/** The Reimport log: one line per thing done, bounded so that a huge study does not make a huge answer. */
final class ImportLog {
    static final int MAX_DETAIL_LINES = 2000;
    private final StringBuilder text = new StringBuilder();
    private int lines;
    private int dropped;

    void line(String s) {
        if (lines < MAX_DETAIL_LINES) {
            text.append(s).append('\n');
            lines++;
        } else {
            dropped++;
        }
    }

    /** A line that is always kept (summaries, the final verdict). */
    void always(String s) {
        text.append(s).append('\n');
    }

    String text() {
        return dropped == 0 ? text.toString() : text + "(" + dropped + " more lines not shown)\n";
    }
}
