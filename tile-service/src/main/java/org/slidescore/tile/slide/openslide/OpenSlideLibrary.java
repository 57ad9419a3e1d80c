package org.slidescore.tile.slide.openslide;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/** The part of OpenSlide's C API ({@code libopenslide.so.0}, 3.4.x and 4.x) the reader uses. */
interface OpenSlideLibrary extends Library {
    String LIBRARY = "libopenslide.so.0";

    static OpenSlideLibrary load() {
        return Native.load(LIBRARY, OpenSlideLibrary.class);
    }

    String openslide_get_version();

    String openslide_detect_vendor(String filename);

    Pointer openslide_open(String filename);

    String openslide_get_error(Pointer osr);

    int openslide_get_level_count(Pointer osr);

    void openslide_get_level_dimensions(Pointer osr, int level, LongByReference w, LongByReference h);

    double openslide_get_level_downsample(Pointer osr, int level);

    void openslide_read_region(Pointer osr, int[] dest, long x, long y, int level, long w, long h);

    Pointer openslide_get_property_names(Pointer osr);

    String openslide_get_property_value(Pointer osr, String name);

    Pointer openslide_get_associated_image_names(Pointer osr);

    void openslide_get_associated_image_dimensions(Pointer osr, String name, LongByReference w, LongByReference h);

    void openslide_read_associated_image(Pointer osr, String name, int[] dest);

    void openslide_close(Pointer osr);
}
