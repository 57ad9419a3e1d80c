package org.slidescore.study.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagesFileTest {
    private static final String F = "S/list.images";
    @TempDir
    Path tmp;

    private List<ImageEntry> parse(String text, ParseLog log) {
        return ImagesFile.parse(F, text, new ImagesRoot(tmp), "S", log);
    }

    @Test
    void allFieldsAndMissingTrailingFields() {
        ParseLog log = new ParseLog();
        var e = parse("a.tif;map1;90;First\nb.tif\nc.tif;;\nd.tif;;180\n../other/e.svs;map2\n", log);
        assertEquals(List.of(new ImageEntry("S/a.tif", "map1", 90, "First"), new ImageEntry("S/b.tif", null, null, null),
                new ImageEntry("S/c.tif", null, null, null), new ImageEntry("S/d.tif", null, 180, null),
                new ImageEntry("other/e.svs", "map2", null, null)), e);
        assertTrue(log.entries().isEmpty(), log.text());
    }

    @Test
    void documentationExampleNameInThirdField() {
        ParseLog log = new ParseLog();
        var e = parse("../otherfolder/011938r082.tif;;Nice Image\n", log);
        assertEquals(List.of(new ImageEntry("otherfolder/011938r082.tif", null, null, "Nice Image")), e);
        assertFalse(log.hasErrors());
        assertTrue(log.text().contains("line 1: 'Nice Image' is not a rotation; read as the image's new name"));
    }

    @Test
    void rotationNormalisedAndChecked() {
        ParseLog log = new ParseLog();
        var e = parse("a.tif;;-90\nb.tif;;360\nc.tif;;400\nd.tif;;ninety;Name\n", log);
        assertEquals(270, e.get(0).rotation());
        assertEquals(0, e.get(1).rotation());
        assertEquals(2, e.size());
        assertTrue(log.text().contains("line 3: rotation 400 is not between -360 and 360"), log.text());
        assertTrue(log.text().contains("line 4: rotation 'ninety' is not a whole number of degrees"), log.text());
    }

    @Test
    void escapingTheRootIsAnErrorWithLine() {
        ParseLog log = new ParseLog();
        var e = parse("ok.tif\n../../outside.tif\n/abs.tif\n", log);
        assertEquals(1, e.size());
        assertTrue(log.text().contains("Error: S/list.images line 2: '../../outside.tif' is outside the images root"),
                log.text());
        assertTrue(log.text().contains("line 3: '/abs.tif' is absolute"), log.text());
    }

    @Test
    void malformedLines() {
        ParseLog log = new ParseLog();
        var e = parse(";map\na;b;1;c;d\nx.tif;;0;" + "n".repeat(300) + "\ny.tif;;0;bad\u0001name\n", log);
        assertTrue(e.isEmpty());
        assertEquals(4, log.errors().size(), log.text());
        assertTrue(log.text().contains("line 1: missing image path"));
        assertTrue(log.text().contains("line 2: too many fields"));
        assertTrue(log.text().contains("line 3: image name is longer than 255"));
        assertTrue(log.text().contains("line 4: image name is longer than 255 characters or contains control"));
    }

    @Test
    void duplicatePathIgnoredWithWarning() {
        ParseLog log = new ParseLog();
        var e = parse("a.tif\n../S/a.tif;;90\n", log);
        assertEquals(1, e.size());
        assertTrue(log.text().contains("Warning: S/list.images line 2: S/a.tif is already listed on line 1"));
    }

    @Test
    void writeThenParseFromAnotherStudyFolder() {
        var entries = List.of(new ImageEntry("S/a.tif", "map1", 90, "First"), new ImageEntry("S/b.tif", null, null, null),
                new ImageEntry("other/c.tif", null, null, "Named"), new ImageEntry("S/d.tif", "m", null, null),
                new ImageEntry("S/e.tif", null, 270, null));
        String text = ImagesFile.write(entries);
        assertEquals("../S/a.tif;map1;90;First\n../S/b.tif\n../other/c.tif;;;Named\n../S/d.tif;m\n../S/e.tif;;270\n",
                text);
        ParseLog log = new ParseLog();
        assertEquals(entries, ImagesFile.parse("T/T.images", text, new ImagesRoot(tmp), "T", log));
        assertTrue(log.entries().isEmpty(), log.text());
    }
}
