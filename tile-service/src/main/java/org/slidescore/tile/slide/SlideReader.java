package org.slidescore.tile.slide;

import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An open slide file. Implementations are thread-safe: one instance serves concurrent requests (positional reads,
 * no shared stream position).
 */
public interface SlideReader extends Closeable {

    /** The reader's name for the file's format, e.g. {@code generic-tiff}, {@code aperio}, {@code philips}. */
    String format();

    /** Native levels, level 0 the most detailed. */
    List<SlideLevel> levels();

    default SlideLevel level(int index) {
        List<SlideLevel> l = levels();
        if (index < 0 || index >= l.size()) {
            throw new IllegalArgumentException("level " + index + " does not exist; the slide has " + l.size() + " levels");
        }
        return l.get(index);
    }

    /** Micrometres per pixel at level 0, or null when the file does not say. */
    Double mppX();

    Double mppY();

    /** Scanner objective magnification, or null. */
    Double objectivePower();

    /** {@code #rrggbb} of the glass, or null. */
    String backgroundColor();

    /** Names of the associated images ({@code thumbnail}, {@code label}, {@code macro}, ...). */
    List<String> associatedImageNames();

    BufferedImage associatedImage(String name) throws IOException;

    /** Vendor properties as read from the file (for the inspect endpoint and debugging). */
    Map<String, String> properties();

    /**
     * Pixels of a rectangle of one native level, in that level's coordinates, as {@code TYPE_INT_RGB}. Parts outside the
     * level are filled with the background colour (white when unknown).
     */
    BufferedImage readRegion(int level, long x, long y, int width, int height) throws IOException;

    /**
     * One native tile as a complete, standalone JPEG (tables spliced in, colour marker added) when the file stores
     * that tile as JPEG; null when it does not (other compression, or a reader that cannot give tile bytes). The tile
     * is the file's full tile, padded at the right and bottom edges as stored.
     */
    byte[] rawJpegTile(int level, long column, long row) throws IOException;
}
