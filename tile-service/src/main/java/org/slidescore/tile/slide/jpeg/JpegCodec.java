package org.slidescore.tile.slide.jpeg;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** Decodes standalone JPEG streams and encodes pictures; implementations are thread-safe. */
public interface JpegCodec {

    /** e.g. {@code libjpeg-turbo 2.1 (JNA)} or {@code ImageIO}. */
    String name();

    /** The picture as {@code TYPE_INT_RGB}. */
    BufferedImage decode(byte[] jpeg) throws IOException;

    /** Baseline JFIF, 4:2:0, quality 1..100. Accepts {@code TYPE_INT_RGB} (fast) and any other type. */
    byte[] encode(BufferedImage image, int quality) throws IOException;
}
