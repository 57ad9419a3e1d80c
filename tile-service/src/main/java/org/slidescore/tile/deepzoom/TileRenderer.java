package org.slidescore.tile.deepzoom;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.tile.config.TileConfig;
import org.slidescore.tile.slide.SlideLevel;
import org.slidescore.tile.slide.SlideReader;
import org.slidescore.tile.slide.jpeg.JpegCodec;
import org.slidescore.tile.slide.jpeg.Pictures;
import org.slidescore.tile.slide.Slides;

import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * Renders pixels for the endpoints. Deep Zoom tiles take the fast path (the file's own JPEG bytes, tables spliced in)
 * when a full interior tile of a level that exists in the file with the same tile size is asked; everything else is
 * decoded, composed, area-downscaled and encoded, and the encoded tile is cached (bounded by bytes). Blocking: call on
 * worker threads only.
 */
@ApplicationScoped
public class TileRenderer {
    /** Largest source region decoded for one tile or raw region (pixels). */
    static final long MAX_SOURCE_PIXELS = 64L << 20;

    private final JpegCodec codec;
    private final int quality;
    private final int defaultTileSize;
    private final Cache<String, byte[]> encoded;

    /** A rendered tile; {@code passthrough} when the bytes are the file's own. */
    public record Tile(byte[] jpeg, boolean passthrough) {
    }

    @jakarta.inject.Inject
    public TileRenderer(Slides slides, TileConfig config, io.micrometer.core.instrument.MeterRegistry registry) {
        this(slides.codec(), config.jpegQuality(), config.defaultTileSize(), config.cacheSize().asLongValue());
        // cache.gets{result=hit|miss}, cache.size, cache.evictions with cache="tiles": the hit ratio operators ask for
        io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics.monitor(registry, encoded, "tiles");
    }

    public TileRenderer(JpegCodec codec, int quality, int defaultTileSize, long cacheBytes) {
        this.codec = codec;
        this.quality = quality;
        this.defaultTileSize = defaultTileSize;
        this.encoded = Caffeine.newBuilder().maximumWeight(cacheBytes)
                .weigher((String k, byte[] v) -> v.length + k.length() * 2 + 64).recordStats().build();
    }

    public JpegCodec codec() {
        return codec;
    }

    /** The Deep Zoom tile size for a slide: its own tile size when square (so tiles pass through), else the default. */
    public int osdTileSize(SlideReader slide) {
        SlideLevel l0 = slide.level(0);
        if (l0.tileWidth() == l0.tileHeight() && l0.tileWidth() >= 64 && l0.tileWidth() <= 2048) {
            return l0.tileWidth();
        }
        return defaultTileSize;
    }

    public DeepZoomLevel deepZoomLevel(SlideReader slide, int level) {
        SlideLevel l0 = slide.level(0);
        return DeepZoomLevel.of(l0.width(), l0.height(), osdTileSize(slide), level);
    }

    /**
     * The native level whose size is level 0 divided by {@code scale} (floored or rounded up), or -1.
     */
    static int exactLevel(SlideReader slide, long scale) {
        SlideLevel l0 = slide.level(0);
        for (int i = 0; i < slide.levels().size(); i++) {
            SlideLevel l = slide.level(i);
            if (matches(l.width(), l0.width(), scale) && matches(l.height(), l0.height(), scale)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(long size, long size0, long scale) {
        return size == size0 / scale || size == (size0 + scale - 1) / scale;
    }

    /** The most detailed native level that is not finer than needed for {@code scale} (level-0 px per output px). */
    static int sourceLevel(SlideReader slide, double scale) {
        int best = 0;
        for (int i = 1; i < slide.levels().size(); i++) {
            if (slide.level(i).downsample() <= scale * 1.01) {
                best = i;
            }
        }
        return best;
    }

    /** @param cacheKey identifies the slide file (e.g. image id and file version) */
    public Tile deepZoomTile(SlideReader slide, String cacheKey, DeepZoomLevel dz, long column, long row)
            throws IOException {
        if (!dz.hasTile(column, row)) {
            throw new IllegalArgumentException("no tile " + column + "_" + row + " at level " + dz.level());
        }
        int t = dz.tileSize();
        int native_ = exactLevel(slide, dz.scale());
        if (native_ >= 0) {
            SlideLevel l = slide.level(native_);
            if (l.tileWidth() == t && l.tileHeight() == t && (column + 1) * t <= Math.min(dz.width(), l.width())
                    && (row + 1) * t <= Math.min(dz.height(), l.height())) {
                byte[] raw = slide.rawJpegTile(native_, column, row);
                if (raw != null) {
                    return new Tile(raw, true);
                }
            }
        }
        String key = cacheKey + "/" + dz.level() + "/" + column + "_" + row + "/" + t;
        byte[] cached = encoded.getIfPresent(key);
        if (cached != null) {
            return new Tile(cached, false);
        }
        SlideLevel l0 = slide.level(0);
        long s = dz.scale();
        long x0 = column * t * s;
        long y0 = row * t * s;
        int tw = dz.tileWidth(column);
        int th = dz.tileHeight(row);
        BufferedImage pixels = render(slide, x0, y0, Math.min(l0.width(), x0 + (long) tw * s) - x0,
                Math.min(l0.height(), y0 + (long) th * s) - y0, tw, th);
        byte[] jpeg = codec.encode(pixels, quality);
        encoded.put(key, jpeg);
        return new Tile(jpeg, false);
    }

    /**
     * A level-0 rectangle rendered at {@code outWidth x outHeight} from the best native level (area-averaged).
     */
    public BufferedImage render(SlideReader slide, long x0, long y0, long width0, long height0, int outWidth,
                                int outHeight) throws IOException {
        SlideLevel l0 = slide.level(0);
        double scale = Math.min(width0 / (double) outWidth, height0 / (double) outHeight);
        int level = sourceLevel(slide, Math.max(1, scale));
        while (true) {
            SlideLevel l = slide.level(level);
            double fx = l0.width() / (double) l.width();
            double fy = l0.height() / (double) l.height();
            long nx0 = (long) Math.floor(x0 / fx);
            long ny0 = (long) Math.floor(y0 / fy);
            long nx1 = Math.max(nx0 + 1, Math.min(l.width(), (long) Math.ceil((x0 + width0) / fx)));
            long ny1 = Math.max(ny0 + 1, Math.min(l.height(), (long) Math.ceil((y0 + height0) / fy)));
            long pixels = (nx1 - nx0) * (ny1 - ny0);
            if (pixels > MAX_SOURCE_PIXELS) {
                if (level + 1 < slide.levels().size()) {
                    level++;
                    continue;
                }
                throw new IllegalArgumentException("the region needs " + pixels + " source pixels; at most "
                        + MAX_SOURCE_PIXELS + " are decoded at once");
            }
            BufferedImage src = slide.readRegion(level, nx0, ny0, (int) (nx1 - nx0), (int) (ny1 - ny0));
            return Pictures.downscale(src, outWidth, outHeight);
        }
    }

    /**
     * {@code GetRawTile}: a region of native level {@code level}, {@code x, y} in level-0 pixels, size in level pixels;
     * exactly one native JPEG tile is passed through.
     */
    public Tile rawRegion(SlideReader slide, int level, long x, long y, int width, int height, int jpegQuality)
            throws IOException {
        SlideLevel l = slide.level(level);
        if (width <= 0 || height <= 0 || (long) width * height > MAX_SOURCE_PIXELS) {
            throw new IllegalArgumentException("width and height must be positive and at most " + MAX_SOURCE_PIXELS
                    + " pixels together");
        }
        long lx = Math.round(x / l.downsample());
        long ly = Math.round(y / l.downsample());
        if (lx < 0 || ly < 0 || lx >= l.width() || ly >= l.height()) {
            throw new IllegalArgumentException("x,y lie outside the image");
        }
        if (width == l.tileWidth() && height == l.tileHeight() && lx % width == 0 && ly % height == 0
                && lx + width <= l.width() && ly + height <= l.height()) {
            byte[] raw = slide.rawJpegTile(level, lx / width, ly / height);
            if (raw != null) {
                return new Tile(raw, true);
            }
        }
        BufferedImage px = slide.readRegion(level, lx, ly, width, height);
        return new Tile(codec.encode(px, jpegQuality), false);
    }

    public long cachedBytes() {
        return encoded.asMap().values().stream().mapToLong(b -> b.length).sum();
    }
}
