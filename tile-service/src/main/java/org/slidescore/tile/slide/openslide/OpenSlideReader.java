package org.slidescore.tile.slide.openslide;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import org.slidescore.tile.slide.SlideLevel;
import org.slidescore.tile.slide.SlideReader;
import org.slidescore.tile.slide.UnreadableSlideException;
import org.slidescore.tile.slide.jpeg.Pictures;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A slide opened by OpenSlide (NDPI, MRXS, SCN, VMS, JPEG 2000 SVS, ...). OpenSlide handles are thread-safe. */
final class OpenSlideReader implements SlideReader {
    private final OpenSlideLibrary lib;
    private final Pointer osr;
    private final String vendor;
    private final List<SlideLevel> levels;
    private final Map<String, String> properties;
    private final List<String> associated;
    private final int background;
    private volatile boolean closed;

    OpenSlideReader(OpenSlideLibrary lib, Path file) throws IOException {
        this.lib = lib;
        String path = file.toAbsolutePath().toString();
        this.vendor = lib.openslide_detect_vendor(path);
        this.osr = lib.openslide_open(path);
        if (osr == null) {
            throw new UnreadableSlideException("OpenSlide does not recognize the file");
        }
        String error = lib.openslide_get_error(osr);
        if (error != null) {
            lib.openslide_close(osr);
            throw new UnreadableSlideException("OpenSlide cannot read the file: " + error);
        }
        Map<String, String> props = new LinkedHashMap<>();
        Pointer names = lib.openslide_get_property_names(osr);
        if (names != null) {
            for (String n : names.getStringArray(0)) {
                props.put(n, lib.openslide_get_property_value(osr, n));
            }
        }
        this.properties = Map.copyOf(props);
        int count = lib.openslide_get_level_count(osr);
        List<SlideLevel> lv = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LongByReference w = new LongByReference();
            LongByReference h = new LongByReference();
            lib.openslide_get_level_dimensions(osr, i, w, h);
            int tw = intProp("openslide.level[" + i + "].tile-width", 256);
            int th = intProp("openslide.level[" + i + "].tile-height", 256);
            lv.add(new SlideLevel(w.getValue(), h.getValue(), tw, th, lib.openslide_get_level_downsample(osr, i)));
        }
        if (lv.isEmpty()) {
            lib.openslide_close(osr);
            throw new UnreadableSlideException("OpenSlide found no levels in the file");
        }
        this.levels = List.copyOf(lv);
        Pointer an = lib.openslide_get_associated_image_names(osr);
        this.associated = an == null ? List.of() : List.of(an.getStringArray(0));
        String bg = props.get("openslide.background-color");
        int parsed = 0xFFFFFF;
        if (bg != null && bg.matches("[0-9a-fA-F]{6}")) {
            parsed = Integer.parseInt(bg, 16);
        }
        this.background = parsed;
    }

    private int intProp(String name, int fallback) {
        try {
            String v = properties.get(name);
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private Double doubleProp(String name) {
        try {
            String v = properties.get(name);
            return v == null ? null : Double.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String format() {
        return "openslide:" + (vendor == null ? "unknown" : vendor);
    }

    @Override
    public List<SlideLevel> levels() {
        return levels;
    }

    @Override
    public Double mppX() {
        return doubleProp("openslide.mpp-x");
    }

    @Override
    public Double mppY() {
        return doubleProp("openslide.mpp-y");
    }

    @Override
    public Double objectivePower() {
        return doubleProp("openslide.objective-power");
    }

    @Override
    public String backgroundColor() {
        String bg = properties.get("openslide.background-color");
        return bg == null ? null : "#" + bg.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<String> associatedImageNames() {
        return associated;
    }

    @Override
    public BufferedImage associatedImage(String name) throws IOException {
        if (!associated.contains(name)) {
            throw new IOException("the slide has no associated image '" + name + "'");
        }
        LongByReference w = new LongByReference();
        LongByReference h = new LongByReference();
        lib.openslide_get_associated_image_dimensions(osr, name, w, h);
        if (w.getValue() <= 0 || h.getValue() <= 0 || w.getValue() * h.getValue() > 64L << 20) {
            throw new IOException("associated image '" + name + "' has an unusable size");
        }
        int[] argb = new int[(int) (w.getValue() * h.getValue())];
        lib.openslide_read_associated_image(osr, name, argb);
        checkError();
        return toRgb(argb, (int) w.getValue(), (int) h.getValue());
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public BufferedImage readRegion(int level, long x, long y, int width, int height) throws IOException {
        SlideLevel l = level(level);
        if (width <= 0 || height <= 0 || (long) width * height > 256L << 20) {
            throw new IllegalArgumentException("region of " + width + "x" + height + " refused");
        }
        int[] argb = new int[width * height];
        lib.openslide_read_region(osr, argb, Math.round(x * l.downsample()), Math.round(y * l.downsample()), level,
                width, height);
        checkError();
        return toRgb(argb, width, height);
    }

    /** OpenSlide gives premultiplied ARGB; transparent parts (outside scanned areas) become the background. */
    private BufferedImage toRgb(int[] argb, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] px = Pictures.pixels(img);
        int br = (background >> 16) & 255, bgc = (background >> 8) & 255, bb = background & 255;
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int a = p >>> 24;
            if (a == 255) {
                px[i] = p & 0xFFFFFF;
            } else {
                int inv = 255 - a;
                int r = ((p >> 16) & 255) + (br * inv + 127) / 255;
                int g = ((p >> 8) & 255) + (bgc * inv + 127) / 255;
                int b = (p & 255) + (bb * inv + 127) / 255;
                px[i] = Math.min(255, r) << 16 | Math.min(255, g) << 8 | Math.min(255, b);
            }
        }
        return img;
    }

    private void checkError() throws IOException {
        String e = lib.openslide_get_error(osr);
        if (e != null) {
            throw new IOException("OpenSlide failed reading the slide: " + e);
        }
    }

    @Override
    public byte[] rawJpegTile(int level, long column, long row) {
        return null;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            lib.openslide_close(osr);
        }
    }
}
