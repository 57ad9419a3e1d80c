package org.slidescore.study.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code study.<name>.scores}: one question per line, {@code Name<TAB>Type[<TAB>config]} (what the SDK sends) or
 * {@code Name;Type[;config]} (what the documentation shows). A line with a TAB is split on TABs, otherwise on
 * {@code ;}; only the first two separators count, the rest belongs to the configuration (so {@code A;;B} options
 * survive either way).
 */
public final class ScoresFile {
    public static final int MAX_QUESTIONS = 10_000;
    public static final int MAX_NAME = 1000;
    private static final Pattern COLOUR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");

    /** The questions in file order; bad lines are reported and skipped. */
    public static List<QuestionSpec> parse(String fileName, String content, ParseLog log) {
        List<QuestionSpec> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ConfigText.Line line : ConfigText.lines(fileName, content, log)) {
            if (line.isBlank()) {
                continue;
            }
            QuestionSpec q = parseLine(fileName, line.number(), line.text(), log);
            if (q == null) {
                continue;
            }
            String key = q.name().toLowerCase(Locale.ROOT);
            Integer first = seen.putIfAbsent(key, line.number());
            if (first != null) {
                log.error(fileName, line.number(), "question '" + q.name() + "' is already defined on line " + first);
                continue;
            }
            if (out.size() == MAX_QUESTIONS) {
                log.error(fileName, line.number(), "more than " + MAX_QUESTIONS + " questions");
                break;
            }
            out.add(q);
        }
        return out;
    }

    /**
     * One question line (also the {@code questionSpec} of AddQuestion / UpdateQuestion); null after reporting the
     * problem when it is not valid.
     */
    public static QuestionSpec parseLine(String fileName, int lineNumber, String text, ParseLog log) {
        String sep = text.indexOf('\t') >= 0 ? "\t" : ";";
        String[] parts = text.split(Pattern.quote(sep), 3);
        String name = parts[0].trim();
        if (name.isEmpty()) {
            log.error(fileName, lineNumber, "missing question name");
            return null;
        }
        if (name.length() > MAX_NAME) {
            log.error(fileName, lineNumber, "question name longer than " + MAX_NAME + " characters");
            return null;
        }
        if (parts.length < 2 || parts[1].isBlank()) {
            log.error(fileName, lineNumber, "question '" + EmailsFile.shorten(name)
                    + "' has no type (expected name, TAB or ';', type)");
            return null;
        }
        var type = QuestionType.parse(parts[1]);
        if (type.isEmpty()) {
            log.error(fileName, lineNumber, "unknown question type '" + EmailsFile.shorten(parts[1].trim())
                    + "' (allowed: " + QuestionType.allNames() + ")");
            return null;
        }
        String config = parts.length > 2 ? parts[2].strip() : "";
        QuestionSpec q = new QuestionSpec(name, type.get(), config);
        if (q.type().hasOptions()) {
            if (config.isEmpty()) {
                log.error(fileName, lineNumber, q.type() + " question '" + name
                        + "' needs its options, separated by ';;'");
                return null;
            }
            List<String> options = q.options();
            for (int i = 0; i < options.size(); i++) {
                if (options.get(i).isEmpty()) {
                    log.error(fileName, lineNumber, q.type() + " question '" + name + "' has an empty option (number "
                            + (i + 1) + "); options are separated by ';;'");
                    return null;
                }
            }
        } else if (q.type().isAnnotation()) {
            if (config.isEmpty()) {
                log.warning(fileName, lineNumber, q.type() + " question '" + name + "' has no colour");
            } else if (!COLOUR.matcher(q.colour()).matches()) {
                log.error(fileName, lineNumber, q.type() + " question '" + name
                        + "' must start its configuration with a colour like #FF0000, not '"
                        + EmailsFile.shorten(q.colour()) + "'");
                return null;
            }
        }
        return q;
    }

    /** One question as a file line (TAB separated, as the SDK writes it), without line end. */
    public static String line(QuestionSpec q) {
        return q.config().isEmpty() ? q.name() + "\t" + q.type().name()
                : q.name() + "\t" + q.type().name() + "\t" + q.config();
    }

    public static String write(List<QuestionSpec> questions) {
        StringBuilder sb = new StringBuilder();
        for (QuestionSpec q : questions) {
            sb.append(line(q)).append('\n');
        }
        return sb.toString();
    }

    private ScoresFile() {
    }
}
