package org.slidescore.tile.slide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slidescore.testsupport.slides.SyntheticTissue;
import org.slidescore.testsupport.slides.TestSlide;
import org.slidescore.tile.slide.jpeg.ImageIoJpegCodec;
import org.slidescore.tile.slide.openslide.OpenSlideFormat;
import org.slidescore.tile.slide.tiff.TiffSlideFormat;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin selection and refusals; the OpenSlide half runs whichever way the machine has it (both ways assert). */
class SlideFormatsTest {
    static final OpenSlideFormat OPENSLIDE = OpenSlideFormat.load(true);
    static final SlideFormats FORMATS = new SlideFormats(List.of(new TiffSlideFormat(new ImageIoJpegCodec()), OPENSLIDE));

    @TempDir
    Path dir;

    @Test
    void javaReaderTakesJpegTiffs() throws Exception {
        Path p = TestSlide.builder(600, 500).write(dir.resolve("a.tif")).path();
        try (SlideReader r = FORMATS.open(p)) {
            assertEquals("generic-tiff", r.format());
        }
    }

    @Test
    void nonSlidesAreRefusedWithAReason() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        Exception e = assertThrows(UnreadableSlideException.class, () -> FORMATS.open(text));
        assertEquals("'notes.txt' is not in a slide format this server reads", e.getMessage());
        Exception missing = assertThrows(UnreadableSlideException.class, () -> FORMATS.open(dir.resolve("gone.svs")));
        assertEquals("the slide file does not exist", missing.getMessage());
    }

    /** A single-level tiled TIFF written by the JDK's TIFF writer (big-endian, no PlanarConfiguration tag). */
    private Path jdkTiff(String name, String compression) throws Exception {
        Path file = dir.resolve(name);
        BufferedImage img = SyntheticTissue.region(0, 0, 700, 500);
        ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
        p.setTiling(256, 256, 0, 0);
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionType(compression);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
        return file;
    }

    @Test
    void lzwTilesDecodeLosslessly() throws Exception {
        try (SlideReader r = FORMATS.open(jdkTiff("lzw.tif", "LZW"))) {
            assertEquals("generic-tiff", r.format());
            assertEquals(700, r.level(0).width());
            BufferedImage region = r.readRegion(0, 100, 100, 400, 300);
            assertEquals(0, PixelDiff.max(region, SyntheticTissue.region(100, 100, 400, 300)), "LZW is lossless");
            assertEquals(null, r.rawJpegTile(0, 0, 0), "no passthrough for non-JPEG tiles");
        }
        try (SlideReader r = FORMATS.open(jdkTiff("deflate.tif", "Deflate"))) {
            assertEquals(0, PixelDiff.max(r.readRegion(0, 600, 400, 100, 100), SyntheticTissue.region(600, 400, 100, 100)));
        }
    }

    @Test
    void unsupportedCompressionIsRefusedNamingIt() throws Exception {
        Path packBits = jdkTiff("packbits.tif", "PackBits");
        // the Java reader names the compression it lacks; OpenSlide 3.4.1 refuses this writer's files too, so the
        // refusal is the same with or without it
        Exception e = assertThrows(UnreadableSlideException.class, () -> FORMATS.open(packBits));
        assertTrue(e.getMessage().contains("uses PackBits compression, which the Java reader does not decode"), e.getMessage());
        assertEquals(!OPENSLIDE.available(), e.getMessage().contains("libopenslide0"), e.getMessage());
    }

    @Test
    void openSlideOnlyFormatsNameTheMissingLibrary() throws Exception {
        Path ndpi = Files.write(dir.resolve("scan.ndpi"), new byte[]{'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0});
        Exception e = assertThrows(UnreadableSlideException.class, () -> FORMATS.open(ndpi));
        if (OPENSLIDE.available()) {
            assertFalse(e.getMessage().contains("libopenslide0"), e.getMessage());
        } else {
            assertTrue(e.getMessage().contains("OpenSlide (libopenslide.so.0, Debian package libopenslide0) is not "
                    + "installed on this server"), e.getMessage());
        }
    }

    @Test
    void openSlideReadsTheSameAperioSlideAsTheJavaReader() throws Exception {
        Path svs = TestSlide.builder(2000, 1500).flavour(TestSlide.Flavour.APERIO).write(dir.resolve("s.svs")).path();
        if (!OPENSLIDE.available()) {
            assertFalse(OPENSLIDE.probe(svs).verdict() == SlideFormat.Probe.Verdict.ACCEPT);
            assertTrue(OPENSLIDE.unavailableReason().contains("not installed"));
            return;
        }
        try (SlideReader os = OPENSLIDE.open(svs); SlideReader java = FORMATS.open(svs)) {
            assertEquals("openslide:aperio", os.format());
            assertEquals(java.levels().stream().map(SlideLevel::width).toList(),
                    os.levels().stream().map(SlideLevel::width).toList());
            assertEquals(java.mppX(), os.mppX());
            assertEquals(java.objectivePower(), os.objectivePower());
            assertTrue(os.associatedImageNames().contains("thumbnail"));
            double diff = PixelDiff.mean(os.readRegion(1, 130, 70, 400, 300), java.readRegion(1, 130, 70, 400, 300));
            assertTrue(diff < 1.5, "OpenSlide and the Java reader decode the same pixels: " + diff);
        }
    }
}
