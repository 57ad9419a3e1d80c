package org.slidescore.study.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slidescore.study.config.ImagesRoot;
import org.slidescore.study.config.QuestionType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportPlannerTest {
    @TempDir
    Path root;

    private void write(String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private ImportPlan plan(String study) {
        return new ImportPlanner(new ImagesRoot(root)).plan(study);
    }

    @Test
    void filesFolderImagesFileAndMaps() throws Exception {
        write("study.S.emails", "a@b.org;canedit\n");
        write("study.S.scores", "Q\tFreeText\nG;DropDown;a;;b\n");
        write("study.S.config", "label: L\n");
        write("study.S.map1", "tmas: tma.svs\n\nA\tB\n");
        write("study.T.map1", "\nX\n");
        write("S/one.tif", "x");
        write("S/tma.svs", "x");
        write("S/notes.txt", "not a slide");
        write("other/far.tif", "xyz");
        write("S/list.images", "../other/far.tif;;90;Far\none.tif;;180\nmissing.tif\n");
        write("S/maps/own.map", "\nC\tD\n");
        write("S/more.images", "../other/far.tif\ntma.svs;maps/own.map\n");
        ImportPlan plan = plan("S");
        assertFalse(plan.log().hasErrors(), plan.log().text());
        assertEquals("L", plan.properties().get("label"));
        assertEquals(1, plan.users().size());
        assertEquals(List.of(QuestionType.FreeText, QuestionType.DropDown),
                plan.questions().stream().map(q -> q.type()).toList());
        assertEquals(List.of("map1", "own.map"), plan.maps().stream().map(m -> m.name()).toList());
        var byPath = new java.util.HashMap<String, ImportPlan.PlannedImage>();
        plan.images().forEach(i -> byPath.put(i.path(), i));
        assertEquals(List.of("S/one.tif", "S/tma.svs", "other/far.tif", "S/missing.tif"),
                plan.images().stream().map(ImportPlan.PlannedImage::path).toList());
        assertEquals(180, byPath.get("S/one.tif").rotation());
        assertEquals("one", byPath.get("S/one.tif").name());
        // the later .images file (more.images) wins for a path listed twice
        assertEquals("far", byPath.get("other/far.tif").name());
        assertEquals(3, byPath.get("other/far.tif").fileSize());
        assertEquals("own.map", byPath.get("S/tma.svs").tmaMap());
        assertFalse(byPath.get("S/missing.tif").exists());
        assertTrue(byPath.get("S/one.tif").exists());
        assertTrue(plan.log().text().contains("S/notes.txt: not a slide file (by its extension); not imported"),
                plan.log().text());
    }

    @Test
    void tmasHeaderAssignsTheMap() throws Exception {
        write("study.S.map7", "tmas: tma.svs\n\nA\n");
        write("S/tma.svs", "x");
        ImportPlan plan = plan("S");
        assertEquals("map7", plan.images().get(0).tmaMap());
    }

    @Test
    void everyBrokenFileIsReportedWithItsName() throws Exception {
        write("study.S.emails", "bad\n");
        write("study.S.scores", "Q\tNope\n");
        write("study.S.config", "nocolon\n");
        write("study.S.map1", "force: x\n\nA\n");
        write("S/a.images", "../../escape.tif\nb.tif;unknownmap\n");
        Files.write(root.resolve("S/b.tif"), new byte[]{1});
        ImportPlan plan = plan("S");
        String log = plan.log().text();
        assertTrue(log.contains("study.S.emails line 1"), log);
        assertTrue(log.contains("study.S.scores line 1: unknown question type 'Nope'"), log);
        assertTrue(log.contains("study.S.config line 1"), log);
        assertTrue(log.contains("study.S.map1 line 1: force must be"), log);
        assertTrue(log.contains("S/a.images line 1: '../../escape.tif' is outside the images root"), log);
        assertTrue(log.contains("S/a.images line 2: TMA map 'unknownmap' is neither"), log);
        assertEquals(6, plan.log().errors().size(), log);
    }

    @Test
    void nonUtf8AndOversizedFiles() throws Exception {
        Files.write(root.resolve("study.S.scores"), new byte[]{(byte) 0xC3, (byte) 0x28, '\n'});
        ImportPlan plan = plan("S");
        assertTrue(plan.log().text().contains("study.S.scores: file is not UTF-8 text"), plan.log().text());
    }

    @Test
    void nothingThereIsAnError() {
        ImportPlan plan = plan("Empty");
        assertTrue(plan.log().hasErrors());
        assertTrue(plan.log().text().contains("nothing to import"), plan.log().text());
        assertNull(plan.properties());
    }

    @Test
    void symlinkedStudyFolderOutsideTheRootIsRefused(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("x.tif"), "x");
        Files.createSymbolicLink(root.resolve("L"), outside);
        ImportPlan plan = plan("L");
        assertTrue(plan.log().text().contains("leads outside the images root"), plan.log().text());
        assertTrue(plan.images().isEmpty());
    }
}
