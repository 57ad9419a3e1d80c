package org.slidescore.tile.slide.tiff;

import org.slidescore.tile.slide.SlideLevel;
import org.slidescore.tile.slide.SlideReader;
import org.slidescore.tile.slide.UnreadableSlideException;
import org.slidescore.tile.slide.jpeg.JpegCodec;
import org.slidescore.tile.slide.jpeg.JpegStreams;
import org.slidescore.tile.slide.jpeg.Pictures;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Pure-Java reader of pyramidal tiled TIFF: generic (vips, libtiff), Aperio SVS and Philips TIFF, classic or BigTIFF.
 * Tiled directories are the pyramid levels; stripped ones (and Philips' base64 images) are associated images.
 */
public final class TiffSlideReader implements SlideReader {
    private static final int WHITE = 0xFFFFFF;

    private final TiffFile file;
    private final JpegCodec codec;
    private final String format;
    private final List<TiffDirectory> levelDirs;
    private final List<SlideLevel> levels;
    private final Double mppX;
    private final Double mppY;
    private final Double objectivePower;
    private final Map<String, Associated> associated;
    private final Map<String, String> properties;

    /** An associated image: a stripped directory or bytes of a standalone JPEG. */
    private record Associated(TiffDirectory dir, byte[] jpeg) {
    }

    private TiffSlideReader(TiffFile file, JpegCodec codec) throws IOException {
        this.file = file;
        this.codec = codec;
        List<TiffDirectory> dirs = file.directories();
        TiffDirectory first = dirs.get(0);
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, Associated> assoc = new LinkedHashMap<>();
        Double mx = null, my = null, power = null;
        String fmt;
        if (first.description() != null && first.description().startsWith("Aperio")) {
            fmt = "aperio";
            AperioDescription d = AperioDescription.parse(first.description());
            d.values().forEach((k, v) -> props.put("aperio." + k, v));
            mx = my = d.mpp();
            power = d.appMag();
        } else if (first.software() != null && first.software().startsWith("Philips") && first.description() != null
                && first.description().contains("<DataObject")) {
            fmt = "philips";
            PhilipsDescription d = PhilipsDescription.parse(first.description());
            d.values().forEach((k, v) -> props.put("philips." + k, v));
            mx = d.mppX();
            my = d.mppY();
            d.images().forEach((name, jpeg) -> assoc.put(name, new Associated(null, jpeg)));
        } else {
            fmt = "generic-tiff";
            double unit = switch (first.resolutionUnit()) {
                case 2 -> 25400.0;
                case 3 -> 10000.0;
                default -> 0;
            };
            if (unit > 0 && first.xResolution() > 0 && first.yResolution() > 0) {
                double x = unit / first.xResolution();
                double y = unit / first.yResolution();
                // screen defaults (72/96 dpi) are not a microscope's resolution
                if (x < 50 && y < 50) {
                    mx = x;
                    my = y;
                }
                props.put("tiff.XResolution", Double.toString(first.xResolution()));
                props.put("tiff.YResolution", Double.toString(first.yResolution()));
                props.put("tiff.ResolutionUnit", Integer.toString(first.resolutionUnit()));
            }
        }
        if (first.software() != null) {
            props.put("tiff.Software", first.software());
        }
        this.format = fmt;
        this.mppX = mx;
        this.mppY = my;
        this.objectivePower = power;

        if (!first.tiled()) {
            throw new UnreadableSlideException("the TIFF's first image is not tiled, so it is not a pyramidal slide");
        }
        double aspect = first.width() / (double) first.height();
        List<TiffDirectory> tiled = new ArrayList<>();
        int strippedSeen = 0;
        for (TiffDirectory d : dirs) {
            if (d.tiled() && Math.abs(d.width() / (double) d.height() - aspect) / aspect < 0.1
                    && d.width() <= first.width()) {
                tiled.add(d);
            } else {
                String name = associatedName(d, strippedSeen++, fmt);
                assoc.putIfAbsent(name, new Associated(d, null));
            }
        }
        tiled.sort(Comparator.comparingLong(TiffDirectory::width).reversed());
        for (TiffDirectory d : tiled) {
            checkDecodable(d);
        }
        this.levelDirs = List.copyOf(tiled);
        List<SlideLevel> lv = new ArrayList<>();
        for (TiffDirectory d : tiled) {
            lv.add(new SlideLevel(d.width(), d.height(), d.tileWidth(), d.tileHeight(),
                    first.width() / (double) d.width()));
        }
        this.levels = List.copyOf(lv);
        this.associated = assoc;
        props.put("tiff.bigtiff", Boolean.toString(file.bigTiff()));
        this.properties = Map.copyOf(props);
    }

    /** Opens and indexes the file; the caller closes the reader. */
    public static TiffSlideReader open(Path path, JpegCodec codec) throws IOException {
        TiffFile f = TiffFile.open(path);
        try {
            return new TiffSlideReader(f, codec);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    static void checkDecodable(TiffDirectory d) throws UnreadableSlideException {
        switch (d.compression()) {
            case TiffDirectory.COMPRESSION_JPEG -> {
                return;
            }
            case TiffDirectory.COMPRESSION_NONE, TiffDirectory.COMPRESSION_DEFLATE,
                    TiffDirectory.COMPRESSION_ADOBE_DEFLATE, TiffDirectory.COMPRESSION_LZW -> {
                boolean rgb = d.photometric() == TiffDirectory.PHOTOMETRIC_RGB && (d.samplesPerPixel() == 3
                        || d.samplesPerPixel() == 4);
                boolean grey = d.photometric() == TiffDirectory.PHOTOMETRIC_MIN_IS_BLACK && d.samplesPerPixel() == 1;
                if ((rgb || grey) && d.bitsPerSample() == 8 && d.planarConfiguration() == 1
                        && (d.predictor() == 1 || d.predictor() == 2)) {
                    return;
                }
                throw new UnreadableSlideException("TIFF image " + d.index() + " has a pixel layout the Java reader does "
                        + "not decode (photometric " + d.photometric() + ", " + d.samplesPerPixel() + " samples of "
                        + d.bitsPerSample() + " bits, planar " + d.planarConfiguration() + ")");
            }
            default -> throw new UnreadableSlideException("TIFF image " + d.index() + " uses " + d.compressionName()
                    + " compression, which the Java reader does not decode");
        }
    }

    private static String associatedName(TiffDirectory d, int strippedIndex, String fmt) {
        String desc = d.description() == null ? "" : d.description();
        if (fmt.equals("aperio")) {
            if (desc.contains("\nlabel ") || desc.startsWith("label")) {
                return "label";
            }
            if (desc.contains("\nmacro ") || desc.startsWith("macro")) {
                return "macro";
            }
            return strippedIndex == 0 ? "thumbnail" : "image-" + d.index();
        }
        String lower = desc.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("label")) {
            return "label";
        }
        if (lower.startsWith("macro")) {
            return "macro";
        }
        if (lower.startsWith("thumbnail")) {
            return "thumbnail";
        }
        return "image-" + d.index();
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public List<SlideLevel> levels() {
        return levels;
    }

    @Override
    public Double mppX() {
        return mppX;
    }

    @Override
    public Double mppY() {
        return mppY;
    }

    @Override
    public Double objectivePower() {
        return objectivePower;
    }

    @Override
    public String backgroundColor() {
        return null;
    }

    @Override
    public List<String> associatedImageNames() {
        return List.copyOf(associated.keySet());
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    /** The index of the TIFF directory behind a level (for tests and the inspect endpoint). */
    public TiffDirectory directory(int level) {
        return levelDirs.get(level);
    }

    @Override
    public BufferedImage associatedImage(String name) throws IOException {
        Associated a = associated.get(name);
        if (a == null) {
            throw new IOException("the slide has no associated image '" + name + "'");
        }
        if (a.jpeg() != null) {
            return codec.decode(a.jpeg());
        }
        TiffDirectory d = a.dir();
        if (d.tiled()) {
            return readDirectoryRegion(d, 0, 0, (int) Math.min(d.width(), 8192), (int) Math.min(d.height(), 8192));
        }
        checkDecodable(d);
        if ((long) d.width() * d.height() > 64L << 20) {
            throw new IOException("associated image '" + name + "' is too large");
        }
        int w = (int) d.width();
        int h = (int) d.height();
        BufferedImage out = Pictures.filled(w, h, WHITE);
        int[] dst = Pictures.pixels(out);
        int rows = (int) d.rowsPerStrip();
        for (int s = 0; s < d.offsets().length && (long) s * rows < h; s++) {
            int stripRows = Math.min(rows, h - s * rows);
            BufferedImage strip = decodeBlock(d, d.offsets()[s], d.byteCounts()[s], w, stripRows);
            int[] sp = Pictures.pixels(strip);
            int sw = strip.getWidth();
            for (int r = 0; r < Math.min(stripRows, strip.getHeight()); r++) {
                System.arraycopy(sp, r * sw, dst, (s * rows + r) * w, Math.min(w, sw));
            }
        }
        return out;
    }

    @Override
    public byte[] rawJpegTile(int level, long column, long row) throws IOException {
        TiffDirectory d = levelDir(level);
        if (d.compression() != TiffDirectory.COMPRESSION_JPEG) {
            return null;
        }
        int index = tileIndex(d, column, row);
        byte[] tile = file.read(d.offsets()[index], d.byteCounts()[index]);
        return JpegStreams.standalone(d.jpegTables(), tile, marker(d));
    }

    @Override
    public BufferedImage readRegion(int level, long x, long y, int width, int height) throws IOException {
        return readDirectoryRegion(levelDir(level), x, y, width, height);
    }

    private BufferedImage readDirectoryRegion(TiffDirectory d, long x, long y, int width, int height) throws IOException {
        if (width <= 0 || height <= 0 || (long) width * height > 256L << 20) {
            throw new IllegalArgumentException("region of " + width + "x" + height + " refused");
        }
        BufferedImage out = Pictures.filled(width, height, WHITE);
        int[] dst = Pictures.pixels(out);
        long x0 = Math.max(0, x);
        long y0 = Math.max(0, y);
        long x1 = Math.min(d.width(), x + width);
        long y1 = Math.min(d.height(), y + height);
        if (x0 >= x1 || y0 >= y1) {
            return out;
        }
        int tw = d.tileWidth();
        int th = d.tileHeight();
        for (long r = y0 / th; r <= (y1 - 1) / th; r++) {
            for (long c = x0 / tw; c <= (x1 - 1) / tw; c++) {
                int index = tileIndex(d, c, r);
                BufferedImage tile = decodeBlock(d, d.offsets()[index], d.byteCounts()[index], tw, th);
                int[] sp = Pictures.pixels(tile);
                int sw = tile.getWidth();
                long tx0 = c * tw;
                long ty0 = r * th;
                long ix0 = Math.max(x0, tx0);
                long ix1 = Math.min(x1, Math.min(tx0 + tw, tx0 + sw));
                long iy0 = Math.max(y0, ty0);
                long iy1 = Math.min(y1, Math.min(ty0 + th, ty0 + tile.getHeight()));
                int len = (int) (ix1 - ix0);
                if (len <= 0) {
                    continue;
                }
                for (long yy = iy0; yy < iy1; yy++) {
                    System.arraycopy(sp, (int) ((yy - ty0) * sw + (ix0 - tx0)), dst,
                            (int) ((yy - y) * width + (ix0 - x)), len);
                }
            }
        }
        return out;
    }

    /** Decodes one tile or strip into a {@code TYPE_INT_RGB} picture of (at most) blockWidth x blockHeight. */
    private BufferedImage decodeBlock(TiffDirectory d, long offset, long count, int blockWidth, int blockHeight)
            throws IOException {
        if (count == 0) {
            return Pictures.filled(blockWidth, blockHeight, WHITE);
        }
        byte[] data = file.read(offset, count);
        if (d.compression() == TiffDirectory.COMPRESSION_JPEG) {
            return codec.decode(JpegStreams.standalone(d.jpegTables(), data, marker(d)));
        }
        int spp = d.samplesPerPixel();
        int expected = blockWidth * blockHeight * spp;
        byte[] raw = switch (d.compression()) {
            case TiffDirectory.COMPRESSION_NONE -> data;
            case TiffDirectory.COMPRESSION_DEFLATE, TiffDirectory.COMPRESSION_ADOBE_DEFLATE -> inflate(data, expected);
            case TiffDirectory.COMPRESSION_LZW -> Lzw.decode(data, expected);
            default -> throw new UnreadableSlideException("unsupported compression " + d.compressionName());
        };
        if (raw.length < expected) {
            throw new IOException("a tile or strip of TIFF image " + d.index() + " is truncated");
        }
        if (d.predictor() == 2) {
            for (int r = 0; r < blockHeight; r++) {
                int base = r * blockWidth * spp;
                for (int i = spp; i < blockWidth * spp; i++) {
                    raw[base + i] = (byte) (raw[base + i] + raw[base + i - spp]);
                }
            }
        }
        BufferedImage img = new BufferedImage(blockWidth, blockHeight, BufferedImage.TYPE_INT_RGB);
        int[] px = Pictures.pixels(img);
        for (int i = 0; i < blockWidth * blockHeight; i++) {
            int o = i * spp;
            px[i] = spp == 1 ? (raw[o] & 255) * 0x010101
                    : (raw[o] & 255) << 16 | (raw[o + 1] & 255) << 8 | (raw[o + 2] & 255);
        }
        return img;
    }

    private static byte[] inflate(byte[] data, int expected) throws IOException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(data);
            byte[] out = new byte[expected];
            int n = 0;
            while (n < expected && !inf.finished()) {
                int k = inf.inflate(out, n, expected - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            return out;
        } catch (DataFormatException e) {
            throw new IOException("corrupt Deflate data: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    private static JpegStreams.ColourMarker marker(TiffDirectory d) {
        return d.photometric() == TiffDirectory.PHOTOMETRIC_RGB ? JpegStreams.ColourMarker.ADOBE_RGB
                : JpegStreams.ColourMarker.JFIF;
    }

    private TiffDirectory levelDir(int level) {
        if (level < 0 || level >= levelDirs.size()) {
            throw new IllegalArgumentException("level " + level + " does not exist; the slide has "
                    + levelDirs.size() + " levels");
        }
        return levelDirs.get(level);
    }

    private static int tileIndex(TiffDirectory d, long column, long row) {
        if (column < 0 || row < 0 || column >= d.tileColumns() || row >= d.tileRows()) {
            throw new IllegalArgumentException("tile " + column + "," + row + " is outside the level's "
                    + d.tileColumns() + "x" + d.tileRows() + " tiles");
        }
        return (int) (row * d.tileColumns() + column);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

}
