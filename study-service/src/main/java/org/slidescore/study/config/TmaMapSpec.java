package org.slidescore.study.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A TMA map: header properties ({@code tmas}, {@code controls}, {@code ignore}, {@code force}, and any others kept
 * as they are) and the grid of core ids, rows padded to the same width with empty cores ({@code ""}).
 */
public record TmaMapSpec(String name, Map<String, String> header, List<List<String>> rows) {

    /** One core: 0-based position, its sample id ({@code ""} = empty core) and its marks. */
    public record Core(int row, int col, String sampleId, boolean control, boolean ignored) {
    }

    public TmaMapSpec {
        header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        int width = rows.stream().mapToInt(List::size).max().orElse(0);
        List<List<String>> padded = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> row = new ArrayList<>(r);
            while (row.size() < width) {
                row.add("");
            }
            padded.add(Collections.unmodifiableList(row));
        }
        rows = Collections.unmodifiableList(padded);
    }

    /** Slide file names the map is for ({@code tmas: a.svs, b.svs}). */
    public List<String> tmas() {
        return StudyConfigFile.values(header.get("tmas"));
    }

    public Set<String> controls() {
        return lowerSet(header.get("controls"));
    }

    /** Ignored ids; the word {@code empty} means empty cores. */
    public Set<String> ignore() {
        return lowerSet(header.get("ignore"));
    }

    public boolean force() {
        return "true".equalsIgnoreCase(header.getOrDefault("force", "").trim());
    }

    public int width() {
        return rows.isEmpty() ? 0 : rows.get(0).size();
    }

    /** Every grid cell as a core, row by row. */
    public List<Core> cores() {
        Set<String> controls = controls();
        Set<String> ignore = ignore();
        List<Core> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                String id = row.get(c);
                String key = id.toLowerCase(Locale.ROOT);
                boolean ignored = id.isEmpty() ? ignore.contains("empty") : ignore.contains(key);
                out.add(new Core(r, c, id, !id.isEmpty() && controls.contains(key), ignored));
            }
        }
        return out;
    }

    private static Set<String> lowerSet(String raw) {
        return StudyConfigFile.values(raw).stream().map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
