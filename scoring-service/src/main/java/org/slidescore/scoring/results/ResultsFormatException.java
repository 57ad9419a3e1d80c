package org.slidescore.scoring.results;

/** A results text that cannot be read; the message starts with {@code line N: }. */
public class ResultsFormatException extends RuntimeException {
    private final int line;

    public ResultsFormatException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
