package org.slidescore.tile.slide;

import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.slides.SyntheticTissue;
import org.slidescore.tile.slide.jpeg.ImageIoJpegCodec;
import org.slidescore.tile.slide.jpeg.JpegCodec;
import org.slidescore.tile.slide.jpeg.JpegCodecs;
import org.slidescore.tile.slide.jpeg.JpegStreams;
import org.slidescore.tile.slide.jpeg.Pictures;
import org.slidescore.tile.slide.jpeg.TurboJpegCodec;

import java.awt.image.BufferedImage;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegCodecTest {
    static final BufferedImage PICTURE = SyntheticTissue.region(1000, 700, 256, 200);

    @Test
    void imageIoRoundTripIsClose() throws Exception {
        roundTrip(new ImageIoJpegCodec());
    }

    @Test
    void bestCodecIsTurboWhenTheLibraryIsInstalledElseImageIo() throws Exception {
        JpegCodec best = JpegCodecs.best(true);
        boolean installed = Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/" + TurboJpegCodec.LIBRARY))
                || Files.exists(java.nio.file.Path.of("/usr/lib/aarch64-linux-gnu/" + TurboJpegCodec.LIBRARY));
        if (installed) {
            assertInstanceOf(TurboJpegCodec.class, best);
            // the two codecs read each other's output
            byte[] turbo = best.encode(PICTURE, 85);
            assertTrue(PixelDiff.mean(new ImageIoJpegCodec().decode(turbo), PICTURE) < 4);
            byte[] jdk = new ImageIoJpegCodec().encode(PICTURE, 85);
            assertTrue(PixelDiff.mean(best.decode(jdk), PICTURE) < 4);
        } else {
            assertInstanceOf(ImageIoJpegCodec.class, best);
        }
        roundTrip(best);
        assertInstanceOf(ImageIoJpegCodec.class, JpegCodecs.best(false));
    }

    private static void roundTrip(JpegCodec codec) throws Exception {
        byte[] jpeg = codec.encode(PICTURE, 90);
        assertTrue(JpegStreams.isJpeg(jpeg));
        assertTrue(new String(jpeg, 0, 20, java.nio.charset.StandardCharsets.ISO_8859_1).contains("JFIF"));
        BufferedImage back = codec.decode(jpeg);
        assertEquals(BufferedImage.TYPE_INT_RGB, back.getType());
        assertTrue(PixelDiff.mean(back, PICTURE) < 4, codec.name());
        assertThrows(java.io.IOException.class, () -> codec.decode(new byte[]{(byte) 0xFF, (byte) 0xD8, 1, 2, 3}));
    }

    @Test
    void downscaleAveragesAreas() {
        BufferedImage src = Pictures.filled(4, 2, 0);
        src.setRGB(0, 0, 0xFFFFFF);
        src.setRGB(1, 0, 0xFFFFFF);
        src.setRGB(0, 1, 0xFFFFFF);
        src.setRGB(1, 1, 0xFFFFFF);
        BufferedImage half = Pictures.downscale(src, 2, 1);
        assertEquals(0xFFFFFF, half.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0, half.getRGB(1, 0) & 0xFFFFFF);
        BufferedImage odd = Pictures.downscale(Pictures.filled(3, 3, 0x102030), 2, 2);
        assertEquals(0x102030, odd.getRGB(1, 1) & 0xFFFFFF);
    }
}
