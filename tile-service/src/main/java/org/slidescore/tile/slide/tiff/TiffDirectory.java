package org.slidescore.tile.slide.tiff;

/**
 * The parts of one TIFF image file directory (IFD) a slide reader needs, read once when the file is opened.
 * {@code offsets}/{@code byteCounts} are the tile arrays for tiled directories and the strip arrays for stripped ones.
 */
public record TiffDirectory(int index, long width, long height, int tileWidth, int tileHeight, long rowsPerStrip,
                            long[] offsets, long[] byteCounts, int compression, int photometric, int samplesPerPixel,
                            int bitsPerSample, int planarConfiguration, int predictor, long newSubfileType,
                            String description, String software, byte[] jpegTables, double xResolution,
                            double yResolution, int resolutionUnit) {

    public static final int COMPRESSION_NONE = 1;
    public static final int COMPRESSION_LZW = 5;
    public static final int COMPRESSION_OLD_JPEG = 6;
    public static final int COMPRESSION_JPEG = 7;
    public static final int COMPRESSION_DEFLATE = 8;
    public static final int COMPRESSION_ADOBE_DEFLATE = 32946;
    public static final int COMPRESSION_JP2K_YCBCR = 33003;
    public static final int COMPRESSION_JP2K_RGB = 33005;

    public static final int PHOTOMETRIC_MIN_IS_BLACK = 1;
    public static final int PHOTOMETRIC_RGB = 2;
    public static final int PHOTOMETRIC_YCBCR = 6;

    public boolean tiled() {
        return tileWidth > 0 && tileHeight > 0;
    }

    /** Bit 0 of NewSubfileType: a reduced-resolution version of another image. */
    public boolean reduced() {
        return (newSubfileType & 1) != 0;
    }

    public long tileColumns() {
        return (width + tileWidth - 1) / tileWidth;
    }

    public long tileRows() {
        return (height + tileHeight - 1) / tileHeight;
    }

    public String compressionName() {
        return switch (compression) {
            case COMPRESSION_NONE -> "none";
            case COMPRESSION_LZW -> "LZW";
            case COMPRESSION_OLD_JPEG -> "old-style JPEG";
            case COMPRESSION_JPEG -> "JPEG";
            case COMPRESSION_DEFLATE, COMPRESSION_ADOBE_DEFLATE -> "Deflate";
            case COMPRESSION_JP2K_YCBCR, COMPRESSION_JP2K_RGB -> "JPEG 2000 (Aperio)";
            case 32773 -> "PackBits";
            default -> "type-" + compression;
        };
    }
}
