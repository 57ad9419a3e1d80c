package org.slidescore.study.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImagesRootTest {
    @TempDir
    Path tmp;

    @Test
    void relativePathsResolveInsideTheRoot() {
        ImagesRoot root = new ImagesRoot(tmp);
        assertEquals("X/a.tif", root.resolve("X", "a.tif").relative());
        assertEquals("other/b.tif", root.resolve("X", "../other/b.tif").relative());
        assertEquals("other/b.tif", root.resolve("X", "..\\other\\b.tif").relative());
        assertEquals("c.tif", root.resolve("c.tif").relative());
        assertEquals(tmp.resolve("X/a.tif").toAbsolutePath().normalize(), root.resolve("X", "a.tif").absolute());
    }

    @Test
    void escapingTheRootIsRefused() {
        ImagesRoot root = new ImagesRoot(tmp);
        assertThrows(ImagesRoot.OutsideRootException.class, () -> root.resolve("X", "../../etc/passwd"));
        assertThrows(ImagesRoot.OutsideRootException.class, () -> root.resolve("../x"));
        assertThrows(ImagesRoot.OutsideRootException.class, () -> root.resolve("/etc/passwd"));
        assertThrows(ImagesRoot.OutsideRootException.class, () -> root.resolve("C:\\x.tif"));
        assertThrows(ImagesRoot.OutsideRootException.class, () -> root.resolve("X", ".."));
        assertThrows(ImagesRoot.OutsideRootException.class, () -> root.resolve(""));
        assertThrows(ImagesRoot.OutsideRootException.class, () -> root.resolve("a\0b"));
    }

    @Test
    void symbolicLinkOutOfTheRootIsRefused() throws Exception {
        Path rootDir = Files.createDirectory(tmp.resolve("root"));
        Path outside = Files.writeString(tmp.resolve("secret.tif"), "x");
        Files.createSymbolicLink(rootDir.resolve("link.tif"), outside);
        ImagesRoot root = new ImagesRoot(rootDir);
        ImagesRoot.OutsideRootException e = assertThrows(ImagesRoot.OutsideRootException.class,
                () -> root.resolve("link.tif"));
        assertEquals("'link.tif' leads outside the images root", e.getMessage());
    }
}
