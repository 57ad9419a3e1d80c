package org.slidescore.tile.deepzoom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeepZoomLevelTest {

    @Test
    void maxLevelIsCeilLog2OfTheLargerSide() {
        assertEquals(0, DeepZoomLevel.maxLevel(1, 1));
        assertEquals(1, DeepZoomLevel.maxLevel(2, 1));
        assertEquals(2, DeepZoomLevel.maxLevel(3, 2));
        assertEquals(9, DeepZoomLevel.maxLevel(501, 465));
        assertEquals(9, DeepZoomLevel.maxLevel(512, 100));
        assertEquals(10, DeepZoomLevel.maxLevel(100, 513));
        assertEquals(17, DeepZoomLevel.maxLevel(100_000, 80_000));
        assertThrows(IllegalArgumentException.class, () -> DeepZoomLevel.maxLevel(0, 5));
    }

    @Test
    void sdkTestImageLevelsRoundUp() {
        DeepZoomLevel top = DeepZoomLevel.of(501, 465, 128, 9);
        assertEquals(501, top.width());
        assertEquals(4, top.columns());
        assertEquals(4, top.rows());
        assertEquals(117, top.tileWidth(3));
        assertEquals(81, top.tileHeight(3));
        assertTrue(top.hasTile(3, 3));
        assertFalse(top.hasTile(4, 0));
        assertFalse(top.hasTile(0, 4));
        // 501/2 = 250.5 -> 251, while the file's floor-halved level is 250
        DeepZoomLevel l8 = DeepZoomLevel.of(501, 465, 128, 8);
        assertEquals(251, l8.width());
        assertEquals(233, l8.height());
        assertEquals(2, l8.scale());
        DeepZoomLevel l0 = DeepZoomLevel.of(501, 465, 128, 0);
        assertEquals(1, l0.width());
        assertEquals(1, l0.height());
        assertEquals(512, l0.scale());
        assertEquals(1, l0.columns());
    }

    @Test
    void largeSlideLevels() {
        DeepZoomLevel full = DeepZoomLevel.of(100_000, 80_000, 256, 17);
        assertEquals(391, full.columns());
        assertEquals(313, full.rows());
        DeepZoomLevel l13 = DeepZoomLevel.of(100_000, 80_000, 256, 13);
        assertEquals(6250, l13.width());
        assertEquals(5000, l13.height());
        assertEquals(25, l13.columns());
        assertEquals(20, l13.rows());
        // 10000 / 32 = 312.5 -> 313 (vips writes 312)
        assertEquals(313, DeepZoomLevel.of(10_000, 10_000, 256, 14 - 5).width());
    }

    @Test
    void levelsOutsideThePyramidAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeepZoomLevel.of(501, 465, 128, 10));
        assertThrows(IllegalArgumentException.class, () -> DeepZoomLevel.of(501, 465, 128, -1));
    }

    @Test
    void tileTokensAreBoundToImageAndExpire() {
        TileTokens t = new TileTokens("0123456789abcdef0123".getBytes());
        java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
        TileTokens.Issued i = t.issue(7, now.plusSeconds(60));
        assertEquals(TileTokens.Verdict.VALID, t.check(7, i.urlPart(), i.cookiePart(), now));
        assertEquals(TileTokens.Verdict.VALID, t.check(7, i.urlPart(), null, now));
        assertEquals(TileTokens.Verdict.INVALID, t.check(8, i.urlPart(), null, now));
        assertEquals(TileTokens.Verdict.INVALID, t.check(7, i.cookiePart(), null, now));
        assertEquals(TileTokens.Verdict.INVALID, t.check(7, i.urlPart(), "1-x", now));
        assertEquals(TileTokens.Verdict.EXPIRED, t.check(7, i.urlPart(), i.cookiePart(), now.plusSeconds(60)));
        String forged = (now.plusSeconds(999999).getEpochSecond()) + i.urlPart().substring(i.urlPart().indexOf('-'));
        assertEquals(TileTokens.Verdict.INVALID, t.check(7, forged, null, now));
        assertEquals(TileTokens.Verdict.INVALID, new TileTokens("another-secret-0123456".getBytes())
                .check(7, i.urlPart(), null, now));
    }
}
