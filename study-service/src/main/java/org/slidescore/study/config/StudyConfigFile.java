package org.slidescore.study.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code study.<name>.config}: {@code property: value} or {@code property: value1,value2} lines. The contract does not
 * list the properties; the ones in {@link #KNOWN} are the study settings of the documentation (a GUESS). Unknown
 * properties are kept (and come back from GetConfigFiles) and reported in the log, never fatal.
 */
public final class StudyConfigFile {
    public static final Set<String> KNOWN = Set.of("label", "folder", "description", "organs", "diseases",
            "stainings", "tags");
    public static final int MAX_PROPERTIES = 1000;
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\- ]{0,99}");

    /** Property name (lower-cased) → raw value text, in file order. */
    public static Map<String, String> parse(String fileName, String content, ParseLog log) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (ConfigText.Line line : ConfigText.lines(fileName, content, log)) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.text().indexOf(':');
            if (colon < 0) {
                log.error(fileName, line.number(), "expected 'property: value', found '"
                        + EmailsFile.shorten(line.text().trim()) + "'");
                continue;
            }
            String key = line.text().substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.text().substring(colon + 1).trim();
            if (!KEY.matcher(key).matches()) {
                log.error(fileName, line.number(), "'" + EmailsFile.shorten(key) + "' is not a property name");
                continue;
            }
            if (lineOf.containsKey(key)) {
                log.warning(fileName, line.number(), "property '" + key + "' was already set on line "
                        + lineOf.get(key) + "; this value replaces it");
            } else if (out.size() == MAX_PROPERTIES) {
                log.error(fileName, line.number(), "more than " + MAX_PROPERTIES + " properties");
                break;
            }
            if (!KNOWN.contains(key)) {
                log.warning(fileName, line.number(), "unknown property '" + key + "' kept as it is");
            }
            out.put(key, value);
            lineOf.put(key, line.number());
        }
        return out;
    }

    /** The values of a property given as {@code value1,value2}. */
    public static List<String> values(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public static String write(Map<String, String> properties) {
        StringBuilder sb = new StringBuilder();
        properties.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    private StudyConfigFile() {
    }
}
