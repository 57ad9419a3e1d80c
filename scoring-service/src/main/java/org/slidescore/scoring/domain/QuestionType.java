package org.slidescore.scoring.domain;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The contract's 20 question types, in the order of their numeric ids (NKI {@code type_to_name}). */
public enum QuestionType {
    FreeText, Integer, Real, DropDown, PositiveNegative, Intensities, Percentage, Checkbox, ClickFriendly,
    PercentageOnly, IntensitiesOnly, PositiveNegativeOnly, ClickFriendlyOnly, ClickFriendlyPollOnly, Explanation,
    HScore, HScoreOnly, AnnoPoints, AnnoMeasure, AnnoShapes;

    private static final Map<String, QuestionType> BY_LOWER_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(t -> t.name().toLowerCase(Locale.ROOT), Function.identity()));

    /** The type of a name as study files and events spell it, ignoring case; {@code null} when unknown. */
    public static QuestionType byName(String name) {
        return name == null ? null : BY_LOWER_NAME.get(name.trim().toLowerCase(Locale.ROOT));
    }

    /** Types whose answers are option names from the question's configuration. */
    public boolean hasOptions() {
        return this == DropDown || this == ClickFriendly || this == ClickFriendlyOnly || this == ClickFriendlyPollOnly;
    }

    /** Types whose answers are annotations drawn on the slide (their configuration starts with the colour). */
    public boolean isAnnotation() {
        return this == AnnoPoints || this == AnnoMeasure || this == AnnoShapes;
    }
}
