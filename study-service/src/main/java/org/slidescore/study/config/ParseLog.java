package org.slidescore.study.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects what the parsers found, in order. Parsers report every bad line they meet instead of stopping at the
 * first, so one Reimport tells the user about all of them.
 */
public final class ParseLog {
    private final List<ConfigProblem> entries = new ArrayList<>();

    public void error(String file, int line, String message) {
        entries.add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, line, message));
    }

    public void warning(String file, int line, String message) {
        entries.add(new ConfigProblem(ConfigProblem.Severity.WARNING, file, line, message));
    }

    public void info(String file, int line, String message) {
        entries.add(new ConfigProblem(ConfigProblem.Severity.INFO, file, line, message));
    }

    public boolean hasErrors() {
        return entries.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
    }

    public List<ConfigProblem> entries() {
        return Collections.unmodifiableList(entries);
    }

    public List<ConfigProblem> errors() {
        return entries.stream().filter(p -> p.severity() == ConfigProblem.Severity.ERROR).toList();
    }

    /** Every entry on its own line. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : entries) {
            sb.append(p).append('\n');
        }
        return sb.toString();
    }
}
