package org.slidescore.scoring.asap;

import org.slidescore.scoring.domain.QuestionConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code questionsMap} parameter of UploadASAPAnnotations: lines {@code #rrggbb;Question name} mapping an
 * annotation colour to a question. Blank lines are skipped.
 */
public final class QuestionsMap {

    /** Colour (lower-case {@code #rrggbb}) → question name, in the order given. */
    public static Map<String, String> parse(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null) {
            return map;
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            int semi = line.indexOf(';');
            if (semi < 0) {
                throw new AsapFormatException("questionsMap line " + (i + 1) + ": expected #rrggbb;Question name, got \""
                        + shorten(line) + "\"");
            }
            String colour = QuestionConfig.normalizeColour(line.substring(0, semi));
            if (colour == null) {
                throw new AsapFormatException("questionsMap line " + (i + 1) + ": \"" + shorten(line.substring(0, semi))
                        + "\" is not a #rrggbb colour");
            }
            String question = line.substring(semi + 1).trim();
            if (question.isEmpty()) {
                throw new AsapFormatException("questionsMap line " + (i + 1) + ": no question name after the colour");
            }
            if (map.containsKey(colour) && !map.get(colour).equals(question)) {
                throw new AsapFormatException("questionsMap line " + (i + 1) + ": colour " + colour
                        + " is already mapped to \"" + map.get(colour) + "\"");
            }
            map.put(colour, question);
        }
        return map;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private QuestionsMap() {
    }
}
