package org.slidescore.study.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A TMA map file ({@code study.<name>.map<id>} in the root, or a file named in {@code *.images}): header
 * {@code key: value} lines ({@code tmas}, {@code controls}, {@code ignore}, {@code force}), an empty line, then rows
 * of core ids separated by TABs. A file whose first line is already a row (it has a TAB or no colon) has no header.
 * Empty lines inside the grid are rows of empty cores; trailing ones are dropped.
 */
public final class TmaMapFile {
    public static final Set<String> KNOWN_HEADERS = Set.of("tmas", "controls", "ignore", "force");
    public static final int MAX_ROWS = 1000;
    public static final int MAX_COLS = 1000;
    public static final int MAX_ID = 200;

    /** The map, or null when it has errors (all reported). */
    public static TmaMapSpec parse(String mapName, String fileName, String content, ParseLog log) {
        List<ConfigText.Line> lines = ConfigText.lines(fileName, content, log);
        int errorsBefore = log.errors().size();
        Map<String, String> header = new LinkedHashMap<>();
        int i = 0;
        boolean hasHeader = !lines.isEmpty() && (lines.get(0).isBlank()
                || (lines.get(0).text().indexOf('\t') < 0 && lines.get(0).text().indexOf(':') >= 0));
        if (hasHeader) {
            for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
                ConfigText.Line line = lines.get(i);
                int colon = line.text().indexOf(':');
                if (colon < 0) {
                    log.error(fileName, line.number(), "expected a 'key: value' header line or an empty line before "
                            + "the rows, found '" + EmailsFile.shorten(line.text().trim()) + "'");
                    continue;
                }
                String key = line.text().substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.text().substring(colon + 1).trim();
                if (!KNOWN_HEADERS.contains(key)) {
                    log.warning(fileName, line.number(), "unknown header '" + EmailsFile.shorten(key)
                            + "' kept as it is");
                }
                if (key.equals("force") && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    log.error(fileName, line.number(), "force must be true or false, not '"
                            + EmailsFile.shorten(value) + "'");
                }
                if (header.containsKey(key)) {
                    log.warning(fileName, line.number(), "header '" + key + "' given twice; the last one counts");
                }
                header.put(key, value);
            }
            i++; // the empty line
        }
        List<List<String>> rows = new ArrayList<>();
        int pendingEmpty = 0;
        for (; i < lines.size(); i++) {
            ConfigText.Line line = lines.get(i);
            if (line.isBlank()) {
                pendingEmpty++;
                continue;
            }
            for (; pendingEmpty > 0; pendingEmpty--) {
                rows.add(List.of());
            }
            List<String> cells = Arrays.stream(line.text().split("\t", -1)).map(String::trim).toList();
            int last = cells.size();
            while (last > 0 && cells.get(last - 1).isEmpty()) {
                last--;
            }
            cells = new ArrayList<>(cells.subList(0, last));
            if (cells.size() > MAX_COLS) {
                log.error(fileName, line.number(), "more than " + MAX_COLS + " cores in a row");
                continue;
            }
            for (String c : cells) {
                if (c.length() > MAX_ID) {
                    log.error(fileName, line.number(), "core id longer than " + MAX_ID + " characters");
                }
            }
            if (rows.size() == MAX_ROWS) {
                log.error(fileName, line.number(), "more than " + MAX_ROWS + " rows");
                break;
            }
            rows.add(cells);
        }
        if (rows.isEmpty() && log.errors().size() == errorsBefore) {
            log.error(fileName, 0, "the map has no rows of cores");
        }
        if (log.errors().size() > errorsBefore) {
            return null;
        }
        return new TmaMapSpec(mapName, header, rows);
    }

    public static String write(TmaMapSpec map) {
        StringBuilder sb = new StringBuilder();
        map.header().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        sb.append('\n');
        for (List<String> row : map.rows()) {
            sb.append(String.join("\t", row)).append('\n');
        }
        return sb.toString();
    }

    private TmaMapFile() {
    }
}
