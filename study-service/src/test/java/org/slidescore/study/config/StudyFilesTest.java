package org.slidescore.study.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyFilesTest {
    @Test
    void imageNameIsFileNameWithoutExtension() {
        assertEquals("test-image", StudyFiles.imageName("test-image.TiFF"));
        assertEquals("test-image", StudyFiles.imageName("X/test-image.TiFF"));
        assertEquals("a.b", StudyFiles.imageName("a.b.svs"));
        assertEquals("slide", StudyFiles.imageName("dir/slide.ome.tiff"));
        assertEquals("noext", StudyFiles.imageName("noext"));
        assertEquals(".hidden", StudyFiles.imageName(".hidden"));
    }

    @Test
    void slideFilesByExtension() {
        assertTrue(StudyFiles.isSlideFile("test-image.TiFF"));
        assertTrue(StudyFiles.isSlideFile("a.svs"));
        assertTrue(StudyFiles.isSlideFile("slide.png"));
        assertFalse(StudyFiles.isSlideFile("S.images"));
        assertFalse(StudyFiles.isSlideFile("notes.txt"));
        assertFalse(StudyFiles.isSlideFile(".partial.tif"));
    }

    @Test
    void studyNames() {
        assertNull(StudyFiles.checkStudyName("My_Study-1"));
        assertNull(StudyFiles.checkStudyName("pytest 2026.1"));
        assertNotNull(StudyFiles.checkStudyName(""));
        assertNotNull(StudyFiles.checkStudyName(null));
        assertNotNull(StudyFiles.checkStudyName("../etc"));
        assertNotNull(StudyFiles.checkStudyName("a/b"));
        assertNotNull(StudyFiles.checkStudyName("a\\b"));
        assertNotNull(StudyFiles.checkStudyName("x".repeat(201)));
        assertNotNull(StudyFiles.checkStudyName("trailing."));
    }

    @Test
    void fileNames() {
        assertEquals("study.S.emails", StudyFiles.emails("S"));
        assertEquals("study.S.scores", StudyFiles.scores("S"));
        assertEquals("study.S.config", StudyFiles.config("S"));
        assertEquals("study.S.map1", StudyFiles.map("S", "map1"));
        assertEquals(Optional.of("map1"), StudyFiles.mapName("S", "study.S.map1"));
        assertEquals(Optional.of("map"), StudyFiles.mapName("S", "study.S.map"));
        assertEquals(Optional.empty(), StudyFiles.mapName("S", "study.T.map1"));
        assertEquals(Optional.empty(), StudyFiles.mapName("S", "study.S.emails"));
    }
}
