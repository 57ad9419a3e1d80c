package org.slidescore.study.service;

import org.slidescore.study.config.TmaMapFile;
import org.slidescore.study.config.TmaMapSpec;
import org.slidescore.study.domain.TmaCore;
import org.slidescore.study.domain.TmaMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts between stored TMA maps and their file form. */
final class TmaMapFiles {
    /** The header lines of a map as stored. */
    static String header(TmaMapSpec spec) {
        StringBuilder sb = new StringBuilder();
        spec.header().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    /** The stored map back as a spec (header parsed, grid rebuilt from the cores). */
    static TmaMapSpec spec(TmaMap map, List<TmaCore> cores) {
        Map<String, String> header = new java.util.LinkedHashMap<>();
        for (String line : map.header.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                header.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String[][] grid = new String[map.rowCount][map.colCount];
        for (String[] row : grid) {
            java.util.Arrays.fill(row, "");
        }
        for (TmaCore c : cores) {
            if (c.mapId == map.id && c.rowIndex < map.rowCount && c.colIndex < map.colCount) {
                grid[c.rowIndex][c.colIndex] = c.sampleId;
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (String[] row : grid) {
            rows.add(List.of(row));
        }
        return new TmaMapSpec(map.name, header, rows);
    }

    static String file(TmaMap map, List<TmaCore> cores) {
        return TmaMapFile.write(spec(map, cores));
    }

    private TmaMapFiles() {
    }
}
