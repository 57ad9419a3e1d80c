package org.slidescore.study.config;

/**
 * One finding while reading a configuration file: where (file name and 1-based line, 0 for the whole file) and what.
 */
public record ConfigProblem(Severity severity, String fileName, int line, String message) {

    public enum Severity { ERROR, WARNING, INFO }

    /** {@code study.X.scores line 3: unknown question type 'Foo'} — the form the Reimport log shows. */
    @Override
    public String toString() {
        String where = line > 0 ? fileName + " line " + line : fileName;
        String prefix = switch (severity) {
            case ERROR -> "Error: ";
            case WARNING -> "Warning: ";
            case INFO -> "";
        };
        return prefix + where + ": " + message;
    }
}
