package org.slidescore.common.wire;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request parameters merged from an {@code application/x-www-form-urlencoded} body and the query string, with
 * case-insensitive names (the SDK mixes {@code studyid}, {@code studyId}, {@code StudyID}). Form values come first,
 * then query values, as ASP.NET Core's value providers order them; {@link #first} therefore prefers the body.
 * Immutable.
 */
public final class ApiParams {
    private static final ApiParams EMPTY = new ApiParams(Map.of());

    /** Lower-cased name → values in arrival order. */
    private final Map<String, List<String>> values;

    private ApiParams(Map<String, List<String>> values) {
        this.values = values;
    }

    public static ApiParams empty() {
        return EMPTY;
    }

    /**
     * Parses both sources. {@code query} is the raw query string without {@code ?} (may be null), {@code form} the
     * raw urlencoded body (may be null). Undecodable escapes ({@code %zz}) are kept literally rather than failing.
     */
    public static ApiParams parse(String query, String form) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        addAll(map, form);
        addAll(map, query);
        if (map.isEmpty()) {
            return EMPTY;
        }
        map.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return new ApiParams(Collections.unmodifiableMap(map));
    }

    private static void addAll(Map<String, List<String>> map, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        int start = 0;
        int length = encoded.length();
        while (start <= length) {
            int amp = encoded.indexOf('&', start);
            int end = amp < 0 ? length : amp;
            if (end > start) {
                String pair = encoded.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!name.isEmpty()) {
                    map.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
                }
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s.replace('+', ' ');
        }
    }

    /** The first value of {@code name} (any case), or null when absent. */
    public String first(String name) {
        List<String> v = values.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Every value of {@code name} (any case), possibly empty. */
    public List<String> all(String name) {
        return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    public boolean has(String name) {
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The lower-cased names present. */
    public java.util.Set<String> names() {
        return values.keySet();
    }

    @Override
    public String toString() {
        return values.keySet().toString();
    }
}
