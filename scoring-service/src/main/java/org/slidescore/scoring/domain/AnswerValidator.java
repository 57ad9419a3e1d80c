package org.slidescore.scoring.domain;

import org.slidescore.scoring.annotation.AnnotationJson;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that an answer value fits its question. Values are stored exactly as given (so that a download gives back
 * what was uploaded); this class only refuses what the question cannot hold, with a message naming the problem.
 */
public final class AnswerValidator {
    /** The longest non-annotation answer, in characters. */
    public static final int MAX_TEXT_LENGTH = 1024 * 1024;

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern REAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d{1,3})?");
    /** The value of an annotation answer stored as a large annotation zip (CreateAnno2), as Scores lists it. */
    private static final Pattern ANNO2_REFERENCE = Pattern.compile(
            "anno2:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "1", "0", "on", "off");

    /**
     * @throws InvalidAnswerException when the value does not fit
     */
    public static void validate(QuestionType type, String config, String value) {
        if (value == null) {
            throw new InvalidAnswerException("missing answer");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidAnswerException("answer contains a NUL character");
        }
        if (!type.isAnnotation() && value.length() > MAX_TEXT_LENGTH) {
            throw new InvalidAnswerException("answer longer than " + MAX_TEXT_LENGTH + " characters");
        }
        String v = value.trim();
        switch (type) {
            case FreeText, PositiveNegative, PositiveNegativeOnly, Intensities, IntensitiesOnly, HScore, HScoreOnly -> {
                // Formats not documented by the contract: any text within the size bound.
            }
            case Integer -> {
                if (!INTEGER.matcher(v).matches()) {
                    throw new InvalidAnswerException("\"" + shorten(value) + "\" is not an integer");
                }
            }
            case Real -> real(v, value);
            case Percentage, PercentageOnly -> {
                BigDecimal p = real(v, value);
                if (p.compareTo(BigDecimal.ZERO) < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new InvalidAnswerException("percentage " + v + " is not between 0 and 100");
                }
            }
            case DropDown, ClickFriendly, ClickFriendlyOnly, ClickFriendlyPollOnly -> {
                List<String> options = QuestionConfig.options(config);
                if (!options.contains(v)) {
                    throw new InvalidAnswerException("\"" + shorten(value) + "\" is not an option of this question"
                            + (options.isEmpty() ? " (it has no options)" : " (options: " + String.join(", ", options) + ")"));
                }
            }
            case Checkbox -> checkbox(config, v, value);
            case Explanation -> throw new InvalidAnswerException("an Explanation question takes no answers");
            case AnnoPoints -> {
                if (!ANNO2_REFERENCE.matcher(v).matches()) {
                    AnnotationJson.readPoints(value);
                }
            }
            case AnnoShapes, AnnoMeasure -> {
                if (!ANNO2_REFERENCE.matcher(v).matches()) {
                    AnnotationJson.readShapes(value);
                }
            }
            default -> throw new IllegalStateException("unhandled question type " + type);
        }
    }

    /** A checkbox is ticked or not; with options, the answer lists the ticked ones separated by {@code ;}. */
    private static void checkbox(String config, String v, String value) {
        if (BOOLEAN_WORDS.contains(v.toLowerCase(Locale.ROOT))) {
            return;
        }
        List<String> options = QuestionConfig.options(config);
        if (options.isEmpty()) {
            throw new InvalidAnswerException("\"" + shorten(value) + "\" is not a checkbox value (true or false)");
        }
        if (v.isEmpty()) {
            return;
        }
        for (String ticked : QuestionConfig.splitList(v, ";")) {
            if (!options.contains(ticked)) {
                throw new InvalidAnswerException("\"" + shorten(ticked) + "\" is not an option of this checkbox (options: "
                        + String.join(", ", options) + ")");
            }
        }
    }

    private static BigDecimal real(String v, String value) {
        if (!REAL.matcher(v).matches()) {
            throw new InvalidAnswerException("\"" + shorten(value) + "\" is not a number");
        }
        return new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private AnswerValidator() {
    }
}
