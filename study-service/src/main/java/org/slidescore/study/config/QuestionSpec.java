package org.slidescore.study.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A question as one line of {@code study.<name>.scores} defines it. {@code config} is the raw configuration text
 * (what GetConfig answers as {@code valuesAllowed}), never null.
 */
public record QuestionSpec(String name, QuestionType type, String config) {
    public QuestionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        config = config == null ? "" : config;
    }

    /** DropDown / ClickFriendly*: the options, separated by {@code ;;} in the file. */
    public List<String> options() {
        if (!type.hasOptions() || config.isBlank()) {
            return List.of();
        }
        return Arrays.stream(config.split(";;", -1)).map(String::trim).toList();
    }

    /** Anno*: the colour the configuration starts with, or null. */
    public String colour() {
        if (!type.isAnnotation() || config.isBlank()) {
            return null;
        }
        return config.split(";", -1)[0].trim();
    }
}
