package org.slidescore.scoring.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the configuration text of a question: the options of option questions ({@code Option1;;Option2}) and the
 * colour that starts the configuration of annotation questions ({@code #e6194b} or {@code #e6194b;...}).
 */
public final class QuestionConfig {
    private static final Pattern HEX_COLOUR = Pattern.compile("#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})");
    public static final String DEFAULT_COLOUR = "#ff0000";

    /** The options of a question, in order; options are separated by {@code ;;} (the SDK's study files). */
    public static List<String> options(String config) {
        if (config == null || config.isBlank()) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        for (String part : config.split(";;", -1)) {
            String option = part.trim();
            if (!option.isEmpty()) {
                options.add(option);
            }
        }
        return List.copyOf(options);
    }

    /** The colour of an annotation question, normalized to lower-case {@code #rrggbb}; a default when none. */
    public static String colour(String config) {
        if (config == null) {
            return DEFAULT_COLOUR;
        }
        String first = config.split(";", 2)[0].trim();
        return HEX_COLOUR.matcher(first).matches() ? normalizeColour(first) : DEFAULT_COLOUR;
    }

    /** {@code #RGB} or {@code #RRGGBB} in any case as lower-case {@code #rrggbb}; {@code null} if not a colour. */
    public static String normalizeColour(String colour) {
        if (colour == null) {
            return null;
        }
        String c = colour.trim();
        if (!HEX_COLOUR.matcher(c).matches()) {
            return null;
        }
        c = c.toLowerCase(Locale.ROOT);
        if (c.length() == 4) {
            char[] d = c.toCharArray();
            return "#" + d[1] + d[1] + d[2] + d[2] + d[3] + d[3];
        }
        return c;
    }

    static List<String> splitList(String value, String separator) {
        return Arrays.stream(value.split(Pattern.quote(separator), -1)).map(String::trim).toList();
    }

    private QuestionConfig() {
    }
}
