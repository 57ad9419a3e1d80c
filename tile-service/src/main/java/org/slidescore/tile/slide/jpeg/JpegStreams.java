package org.slidescore.tile.slide.jpeg;

import java.io.IOException;

/**
 * Byte surgery on JPEG streams: turning a TIFF tile (an abbreviated stream whose tables live in the JPEGTables tag)
 * into a standalone JPEG, with a marker that tells decoders the colour space.
 */
public final class JpegStreams {
    /** JFIF APP0, version 1.01, no density, no thumbnail: says "YCbCr or grey". */
    private static final byte[] JFIF = {(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
    /** Adobe APP14 with transform 0: "the three components are R, G, B, not YCbCr". */
    private static final byte[] ADOBE_RGB = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};

    public enum ColourMarker { JFIF, ADOBE_RGB, NONE }

    private JpegStreams() {
    }

    /**
     * SOI + colour marker + (tables without their SOI and EOI) + (tile without its SOI). Tables may be null or empty
     * (a tile that carries its own tables).
     */
    public static byte[] standalone(byte[] tables, byte[] tile, ColourMarker marker) throws IOException {
        if (tile.length < 4 || (tile[0] & 0xff) != 0xFF || (tile[1] & 0xff) != 0xD8) {
            throw new IOException("the tile is not a JPEG stream");
        }
        int tablesStart = 0;
        int tablesLen = 0;
        if (tables != null && tables.length >= 4) {
            tablesStart = 2;
            tablesLen = tables.length - 2;
            if ((tables[tables.length - 2] & 0xff) == 0xFF && (tables[tables.length - 1] & 0xff) == 0xD9) {
                tablesLen -= 2;
            }
        }
        byte[] m = switch (marker) {
            case JFIF -> JFIF;
            case ADOBE_RGB -> ADOBE_RGB;
            case NONE -> new byte[0];
        };
        byte[] out = new byte[2 + m.length + tablesLen + tile.length - 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        int p = 2;
        System.arraycopy(m, 0, out, p, m.length);
        p += m.length;
        if (tablesLen > 0) {
            System.arraycopy(tables, tablesStart, out, p, tablesLen);
            p += tablesLen;
        }
        System.arraycopy(tile, 2, out, p, tile.length - 2);
        return out;
    }

    /** Whether a stream starts with SOI and the first marker after it. */
    public static boolean isJpeg(byte[] data) {
        return data != null && data.length > 3 && (data[0] & 0xff) == 0xFF && (data[1] & 0xff) == 0xD8
                && (data[2] & 0xff) == 0xFF;
    }
}
