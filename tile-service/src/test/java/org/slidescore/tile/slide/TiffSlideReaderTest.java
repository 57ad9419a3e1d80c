package org.slidescore.tile.slide;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slidescore.testsupport.slides.TestSlide;
import org.slidescore.testsupport.slides.TestSlide.Flavour;
import org.slidescore.tile.slide.jpeg.ImageIoJpegCodec;
import org.slidescore.tile.slide.jpeg.JpegCodec;
import org.slidescore.tile.slide.jpeg.JpegStreams;
import org.slidescore.tile.slide.jpeg.Pictures;
import org.slidescore.tile.slide.tiff.TiffSlideReader;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TiffSlideReaderTest {
    static final Path SDK_IMAGE = TestSlides.sdkTestImage();
    static final JpegCodec CODEC = new ImageIoJpegCodec();

    @TempDir
    static Path dir;
    static TestSlide.Written generic;
    static TestSlide.Written big;
    static TestSlide.Written aperio;
    static TestSlide.Written philips;

    @BeforeAll
    static void writeSlides() {
        generic = TestSlide.builder(1500, 1100).write(dir.resolve("generic.tif"));
        big = TestSlide.builder(1300, 900).bigTiff(true).tileSize(128).write(dir.resolve("big.tif"));
        aperio = TestSlide.builder(3000, 2000).flavour(Flavour.APERIO).levelFactor(4).tileSize(240).rgbJpeg(true)
                .mpp(0.4990).appMag(20).write(dir.resolve("aperio.svs"));
        philips = TestSlide.builder(1200, 1000).flavour(Flavour.PHILIPS).mpp(0.25).write(dir.resolve("philips.tiff"));
    }

    @Test
    void sdkTestImageHasThreeLevelsOf128PixelTiles() throws Exception {
        try (TiffSlideReader r = TiffSlideReader.open(SDK_IMAGE, CODEC)) {
            assertEquals("generic-tiff", r.format());
            assertEquals(List.of(new SlideLevel(501, 465, 128, 128, 1.0), new SlideLevel(250, 232, 128, 128, 501 / 250.0),
                    new SlideLevel(125, 116, 128, 128, 501 / 125.0)), r.levels());
            assertNull(r.mppX(), "96 dpi is a screen default, not a microscope resolution");
            byte[] tile = r.rawJpegTile(0, 3, 3);
            assertTrue(JpegStreams.isJpeg(tile));
            BufferedImage decoded = CODEC.decode(tile);
            assertEquals(128, decoded.getWidth());
            // the edge tile's visible part equals what readRegion gives for the same pixels
            BufferedImage region = r.readRegion(0, 384, 384, 501 - 384, 465 - 384);
            assertEquals(0, PixelDiff.max(Pictures.crop(decoded, 0, 0, 117, 81), region));
        }
    }

    @Test
    void genericPyramidFloorsLevelSizesAndReadsResolution() throws Exception {
        try (TiffSlideReader r = TiffSlideReader.open(generic.path(), CODEC)) {
            assertEquals("generic-tiff", r.format());
            assertEquals(generic.levels().size(), r.levels().size());
            for (int i = 0; i < r.levels().size(); i++) {
                assertEquals(generic.levelWidth(i), r.level(i).width());
                assertEquals(generic.levelHeight(i), r.level(i).height());
            }
            assertEquals(List.of(1500L, 750L, 375L, 187L), r.levels().stream().map(SlideLevel::width).toList());
            assertEquals(0.25, r.mppX(), 1e-6);
            assertEquals(0.25, r.mppY(), 1e-6);
            assertNull(r.objectivePower());
            assertEquals(List.of("macro"), r.associatedImageNames());
            assertEquals(500, r.associatedImage("macro").getWidth());
            assertTileMatchesReference(r, generic, 0, 2, 1, 256);
            assertTileMatchesReference(r, generic, 2, 1, 0, 256);
        }
    }

    @Test
    void bigTiffReadsLikeClassicTiff() throws Exception {
        try (TiffSlideReader r = TiffSlideReader.open(big.path(), CODEC)) {
            assertEquals("true", r.properties().get("tiff.bigtiff"));
            assertEquals(List.of(1300L, 650L, 325L, 162L, 81L), r.levels().stream().map(SlideLevel::width).toList());
            assertEquals(128, r.level(0).tileWidth());
            assertTileMatchesReference(r, big, 0, 5, 3, 128);
            BufferedImage region = r.readRegion(1, 100, 60, 300, 200);
            BufferedImage reference = Pictures.crop(big.levels().get(1), 100, 60, 300, 200);
            double diff = PixelDiff.mean(region, reference);
            assertTrue(diff < 5, "region across tile borders matches the reference: " + diff);
        }
    }

    @Test
    void aperioGivesMppMagnificationAssociatedImagesAndRgbTilesWithAdobeMarker() throws Exception {
        try (TiffSlideReader r = TiffSlideReader.open(aperio.path(), CODEC)) {
            assertEquals("aperio", r.format());
            assertEquals(0.499, r.mppX(), 1e-9);
            assertEquals(20.0, r.objectivePower());
            assertEquals(List.of(3000L, 750L, 187L), r.levels().stream().map(SlideLevel::width).toList());
            assertEquals(240, r.level(0).tileWidth());
            assertEquals(List.of("thumbnail", "label", "macro"), r.associatedImageNames());
            BufferedImage label = r.associatedImage("label");
            assertEquals(120, label.getWidth());
            assertEquals(0x2040A0, label.getRGB(20, 20) & 0xFFFFFF, "uncompressed strip decodes exactly");
            byte[] tile = r.rawJpegTile(0, 4, 2);
            assertEquals((byte) 0xEE, tile[3], "an Adobe APP14 marker follows SOI for RGB-photometric JPEG");
            assertTileMatchesReference(r, aperio, 0, 4, 2, 240);
            // without the marker libjpeg-turbo (as browsers) decodes the same bytes as YCbCr: wrong colours. The JDK
            // codec guesses RGB for unsubsampled streams, so this half needs libjpeg-turbo.
            JpegCodec turbo = org.slidescore.tile.slide.jpeg.JpegCodecs.best(true);
            byte[] noMarker = new byte[tile.length - 16];
            noMarker[0] = (byte) 0xFF;
            noMarker[1] = (byte) 0xD8;
            System.arraycopy(tile, 18, noMarker, 2, tile.length - 18);
            BufferedImage reference = Pictures.crop(aperio.levels().get(0), 4 * 240, 2 * 240, 240, 240);
            assertTrue(PixelDiff.mean(turbo.decode(tile), reference) < 3);
            if (turbo instanceof org.slidescore.tile.slide.jpeg.TurboJpegCodec) {
                assertTrue(PixelDiff.mean(turbo.decode(noMarker), reference) > 20);
            }
        }
    }

    @Test
    void philipsReadsPixelSpacingFromXmlAndBase64Images() throws Exception {
        try (TiffSlideReader r = TiffSlideReader.open(philips.path(), CODEC)) {
            assertEquals("philips", r.format());
            assertEquals(0.25, r.mppX(), 1e-9);
            assertEquals(0.25, r.mppY(), 1e-9);
            assertTrue(r.associatedImageNames().containsAll(List.of("label", "macro")));
            assertEquals(80, r.associatedImage("label").getHeight());
            assertTileMatchesReference(r, philips, 1, 1, 1, 256);
        }
    }

    @Test
    void tilesOutsideTheGridAndUnknownLevelsAreRefused() throws Exception {
        try (TiffSlideReader r = TiffSlideReader.open(generic.path(), CODEC)) {
            assertThrows(IllegalArgumentException.class, () -> r.rawJpegTile(0, 6, 0));
            assertThrows(IllegalArgumentException.class, () -> r.rawJpegTile(9, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> r.readRegion(0, 0, 0, 100_000, 100_000));
        }
    }

    @Test
    void damagedFilesGiveClearErrors() throws Exception {
        Path truncated = dir.resolve("truncated.tif");
        byte[] all = Files.readAllBytes(generic.path());
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        Exception e = assertThrows(java.io.IOException.class, () -> TiffSlideReader.open(truncated, CODEC));
        assertTrue(e.getMessage().contains("outside the file"), e.getMessage());
    }

    @Test
    void passthroughTileDecodesToTheSamePixelsAsTheDecodePath() throws Exception {
        try (TiffSlideReader r = TiffSlideReader.open(generic.path(), CODEC)) {
            BufferedImage passthrough = CODEC.decode(r.rawJpegTile(1, 1, 1));
            BufferedImage decoded = r.readRegion(1, 256, 256, 256, 256);
            assertArrayEquals(Pictures.pixels(decoded), Pictures.pixels(passthrough));
        }
    }

    /** A native tile (passthrough bytes, decoded) is close to the reference pixels the file was written from. */
    static void assertTileMatchesReference(SlideReader r, TestSlide.Written w, int level, int col, int row, int size)
            throws Exception {
        BufferedImage tile = CODEC.decode(r.rawJpegTile(level, col, row));
        BufferedImage ref = w.levels().get(level);
        int width = Math.min(size, ref.getWidth() - col * size);
        int height = Math.min(size, ref.getHeight() - row * size);
        double diff = PixelDiff.mean(Pictures.crop(tile, 0, 0, width, height),
                Pictures.crop(ref, col * size, row * size, width, height));
        assertTrue(diff < 5, "mean difference " + diff + " at level " + level + " tile " + col + "," + row);
    }
}
