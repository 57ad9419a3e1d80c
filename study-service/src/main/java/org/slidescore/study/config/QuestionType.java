package org.slidescore.study.config;

import java.util.Optional;

/** The 20 question types of the contract, in enum order (the index is the type's number). */
public enum QuestionType {
    FreeText, Integer, Real, DropDown, PositiveNegative, Intensities, Percentage, Checkbox, ClickFriendly,
    PercentageOnly, IntensitiesOnly, PositiveNegativeOnly, ClickFriendlyOnly, ClickFriendlyPollOnly, Explanation,
    HScore, HScoreOnly, AnnoPoints, AnnoMeasure, AnnoShapes;

    /** Types whose configuration is a list of options separated by {@code ;;}. */
    public boolean hasOptions() {
        return this == DropDown || this == ClickFriendly || this == ClickFriendlyOnly || this == ClickFriendlyPollOnly;
    }

    /** Annotation types: the configuration starts with the colour. */
    public boolean isAnnotation() {
        return this == AnnoPoints || this == AnnoMeasure || this == AnnoShapes;
    }

    /** By name, ignoring case (files written by hand vary), or by number. */
    public static Optional<QuestionType> parse(String text) {
        String t = text.trim();
        for (QuestionType q : values()) {
            if (q.name().equalsIgnoreCase(t)) {
                return Optional.of(q);
            }
        }
        if (t.matches("\\d{1,2}")) {
            int i = java.lang.Integer.parseInt(t);
            if (i < values().length) {
                return Optional.of(values()[i]);
            }
        }
        return Optional.empty();
    }

    public static String allNames() {
        StringBuilder sb = new StringBuilder();
        for (QuestionType q : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(q.name());
        }
        return sb.toString();
    }
}
