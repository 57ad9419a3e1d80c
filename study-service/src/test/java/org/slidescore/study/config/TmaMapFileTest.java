package org.slidescore.study.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TmaMapFileTest {
    private static final String F = "study.S.map1";

    @Test
    void headerBlankLineRowsPaddedControlsAndIgnored() {
        ParseLog log = new ParseLog();
        TmaMapSpec map = TmaMapFile.parse("map1", F, "tmas: 1.svs, 2.svs\ncontrols: ctrl\nignore: 0, empty\n"
                + "force: true\n\nA1\tA2\tctrl\nB1\t0\n\tC2\n", log);
        assertFalse(log.hasErrors(), log.text());
        assertEquals(List.of("1.svs", "2.svs"), map.tmas());
        assertTrue(map.force());
        assertEquals(3, map.width());
        assertEquals(List.of(List.of("A1", "A2", "ctrl"), List.of("B1", "0", ""), List.of("", "C2", "")), map.rows());
        var cores = map.cores();
        assertEquals(9, cores.size());
        assertEquals(new TmaMapSpec.Core(0, 2, "ctrl", true, false), cores.get(2));
        assertEquals(new TmaMapSpec.Core(1, 1, "0", false, true), cores.get(4));
        assertEquals(new TmaMapSpec.Core(1, 2, "", false, true), cores.get(5));
        assertEquals(new TmaMapSpec.Core(2, 1, "C2", false, false), cores.get(7));
    }

    @Test
    void noHeaderAtAll() {
        ParseLog log = new ParseLog();
        TmaMapSpec map = TmaMapFile.parse("m", F, "A\tB\nC\n", log);
        assertEquals(Map.of(), map.header());
        assertEquals(List.of(List.of("A", "B"), List.of("C", "")), map.rows());
        assertFalse(map.force());
        // empty cores are not ignored unless the header says so
        assertFalse(map.cores().get(3).ignored());
    }

    @Test
    void emptyLineInsideGridIsARowTrailingDropped() {
        ParseLog log = new ParseLog();
        TmaMapSpec map = TmaMapFile.parse("m", F, "\nA\tB\n\nC\tD\n\n\n", log);
        assertEquals(List.of(List.of("A", "B"), List.of("", ""), List.of("C", "D")), map.rows());
    }

    @Test
    void headerErrorsHaveLines() {
        ParseLog log = new ParseLog();
        assertNull(TmaMapFile.parse("m", F, "tmas: a.svs\nforce: maybe\nnot a header\n\nA\n", log));
        assertTrue(log.text().contains("study.S.map1 line 2: force must be true or false, not 'maybe'"), log.text());
        assertTrue(log.text().contains("study.S.map1 line 3: expected a 'key: value' header line"), log.text());
    }

    @Test
    void unknownHeaderKeptWithWarning() {
        ParseLog log = new ParseLog();
        TmaMapSpec map = TmaMapFile.parse("m", F, "diameter: 0.6\n\nA\n", log);
        assertEquals("0.6", map.header().get("diameter"));
        assertTrue(log.text().contains("Warning: study.S.map1 line 1: unknown header 'diameter'"));
    }

    @Test
    void noRowsIsAnError() {
        ParseLog log = new ParseLog();
        assertNull(TmaMapFile.parse("m", F, "tmas: a.svs\n\n\n", log));
        assertTrue(log.text().contains("study.S.map1: the map has no rows of cores"), log.text());
        ParseLog log2 = new ParseLog();
        assertNull(TmaMapFile.parse("m", F, "", log2));
        assertTrue(log2.hasErrors());
    }

    @Test
    void boundsOnRowsColumnsAndIds() {
        ParseLog log = new ParseLog();
        assertNull(TmaMapFile.parse("m", F, "\n" + "x\t".repeat(1001) + "x\n", log));
        assertTrue(log.text().contains("line 2: more than 1000 cores in a row"), log.text());
        ParseLog log2 = new ParseLog();
        assertNull(TmaMapFile.parse("m", F, "\n" + "z".repeat(201) + "\n", log2));
        assertTrue(log2.text().contains("line 2: core id longer than 200"), log2.text());
        ParseLog log3 = new ParseLog();
        assertNull(TmaMapFile.parse("m", F, "\n" + "r\n".repeat(1001), log3));
        assertTrue(log3.text().contains("line 1002: more than 1000 rows"), log3.text());
    }

    @Test
    void writeThenParseRoundTrip() {
        ParseLog log = new ParseLog();
        TmaMapSpec map = TmaMapFile.parse("map1", F, "tmas: 1.svs\ncontrols: c\nignore: empty\n\nA\tB\tc\nD\n", log);
        String text = TmaMapFile.write(map);
        assertEquals("tmas: 1.svs\ncontrols: c\nignore: empty\n\nA\tB\tc\nD\t\t\n", text);
        TmaMapSpec again = TmaMapFile.parse("map1", F, text, new ParseLog());
        assertEquals(map, again);
        assertEquals(map.cores(), again.cores());
        TmaMapSpec bare = new TmaMapSpec("m", Map.of(), List.of(List.of("a:b", "c")));
        assertEquals(bare, TmaMapFile.parse("m", F, TmaMapFile.write(bare), new ParseLog()));
    }
}
