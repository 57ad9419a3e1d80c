package org.slidescore.common.auth;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenTest {

    private static ApiToken token(EnumSet<Right> rights, String folders, String read, String modify) {
        return new ApiToken("t1", "test", rights, ApiToken.parseList(folders), ApiToken.parseList(read),
                ApiToken.parseList(modify), null, "raw");
    }

    @Test
    void everyRightIsCheckedOnItsOwn() {
        for (Right granted : Right.values()) {
            ApiToken t = token(EnumSet.of(granted), "", "", "");
            for (Right asked : Right.values()) {
                assertEquals(granted == asked, t.has(asked), granted + " vs " + asked);
                if (granted == asked) {
                    assertDoesNotThrow(() -> t.requireRight(asked));
                } else {
                    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> t.requireRight(asked));
                    assertEquals("This API token lacks the right " + asked.name(), e.getMessage());
                }
            }
        }
    }

    @Test
    void requireAnyRightNamesTheAlternatives() {
        ApiToken t = token(EnumSet.of(Right.CanGetAnyScores), "", "", "");
        assertDoesNotThrow(() -> t.requireAnyRight(Right.CanGetScores, Right.CanGetAnyScores));
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> t.requireAnyRight(Right.CanUpload, Right.CanCreateUploadFolders));
        assertEquals("This API token lacks the right CanUpload or CanCreateUploadFolders", e.getMessage());
    }

    @Test
    void claimNamesMatchTheContract() {
        assertEquals(List.of("CanUpload", "CanCreateUploadFolders", "CanUploadScores", "CanGetConfig", "CanGetPixels",
                        "CanReimportStudies", "CanGetScores", "CanGetAnyScores", "CanCreateStudies", "CanDeleteOwnedStudies",
                        "CanDownloadSlides"),
                java.util.Arrays.stream(Right.values()).map(Enum::name).toList());
        assertEquals(Right.CanGetPixels, Right.byClaim("cangetpixels"));
        assertEquals(null, Right.byClaim("CanFly"));
    }

    @Test
    void emptyRestrictionsAllowEverything() {
        ApiToken t = token(EnumSet.noneOf(Right.class), " ", "", ";;");
        assertTrue(t.canRead(1, "a"));
        assertTrue(t.canModify(1, "a"));
        assertTrue(t.folderAllowed("any/where"));
        assertTrue(t.folderAllowed(""));
        assertTrue(t.folderAllowed(null));
    }

    @Test
    void readRestrictionAcceptsIdsAndNames() {
        ApiToken t = token(EnumSet.allOf(Right.class), "", "3; Lung study ;17", "");
        assertTrue(t.canRead(3, "whatever"));
        assertTrue(t.canRead(17, null));
        assertTrue(t.canRead(99, "Lung study"));
        assertTrue(t.canRead(99, "lung STUDY"));
        assertFalse(t.canRead(4, "Breast"));
        assertFalse(t.canRead(33, "3x"));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> t.requireCanRead(4, "Breast"));
        assertEquals("This API token may not read study Breast (4)", e.getMessage());
        assertThrows(AccessDeniedException.class, () -> t.requireCanRead(5, null));
        assertDoesNotThrow(() -> t.requireCanRead(3, "x"));
    }

    @Test
    void modifyNeedsTheModifyListAndReadability() {
        ApiToken onlyModify = token(EnumSet.allOf(Right.class), "", "", "Lung;8");
        assertTrue(onlyModify.canModify(8, "x"));
        assertTrue(onlyModify.canModify(1, "lung"));
        assertFalse(onlyModify.canModify(2, "Breast"));
        assertTrue(onlyModify.canRead(2, "Breast"));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> onlyModify.requireCanModify(2, "Breast"));
        assertEquals("This API token may not modify study Breast (2)", e.getMessage());

        ApiToken readLimited = token(EnumSet.allOf(Right.class), "", "1", "");
        assertTrue(readLimited.canModify(1, "a"));
        assertFalse(readLimited.canModify(2, "b"));
    }

    @Test
    void folderRestrictionAllowsSubfoldersOnly() {
        ApiToken t = token(EnumSet.of(Right.CanUpload), "projects/lung;./scans/", "", "");
        assertTrue(t.folderAllowed("projects/lung"));
        assertTrue(t.folderAllowed("projects/lung/"));
        assertTrue(t.folderAllowed("./projects/lung/batch1"));
        assertTrue(t.folderAllowed("projects\\lung\\batch1"));
        assertTrue(t.folderAllowed("/scans/a/b"));
        assertFalse(t.folderAllowed("projects"));
        assertFalse(t.folderAllowed("projects/lungs"));
        assertFalse(t.folderAllowed("projects/lung/../breast"));
        assertFalse(t.folderAllowed("Projects/Lung"));
        assertFalse(t.folderAllowed(""));
        assertFalse(t.folderAllowed(null));
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> t.requireFolderAllowed(""));
        assertEquals("This API token may not upload into folder (the root folder); allowed: projects/lung;./scans/",
                e.getMessage());
        assertDoesNotThrow(() -> t.requireFolderAllowed("scans"));
    }

    @Test
    void aRootEntryAllowsEverythingButEscapes() {
        ApiToken t = token(EnumSet.of(Right.CanUpload), "./", "", "");
        assertTrue(t.folderAllowed("x/y"));
        assertFalse(t.folderAllowed("../etc"));
    }

    @Test
    void listsAreSemicolonSeparated() {
        assertEquals(List.of("a", "b c", "3"), ApiToken.parseList(" a;b c ;;3;"));
        assertEquals(List.of(), ApiToken.parseList(null));
        assertEquals("a/b/c", ApiToken.normalizeFolder("a\\b/./c/"));
        assertEquals("", ApiToken.normalizeFolder("./"));
        assertEquals(null, ApiToken.normalizeFolder("a/../b"));
    }
}
