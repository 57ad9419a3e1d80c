package org.slidescore.tile.slide.openslide;

import org.slidescore.tile.slide.SlideFormat;
import org.slidescore.tile.slide.SlideReader;

import java.io.IOException;
import java.nio.file.Path;

/**
 * OpenSlide through JNA, for the formats the Java reader does not cover (NDPI, MRXS, SCN, VMS, BIF, JPEG 2000 SVS, ...).
 * Active only when {@code libopenslide.so.0} (Debian {@code libopenslide0}) loads.
 */
public final class OpenSlideFormat implements SlideFormat {
    private final OpenSlideLibrary lib;
    private final String reason;
    private final String version;

    private OpenSlideFormat(OpenSlideLibrary lib, String reason) {
        this.lib = lib;
        this.reason = reason;
        String v = null;
        if (lib != null) {
            try {
                v = lib.openslide_get_version();
            } catch (Throwable e) {
                v = "unknown";
            }
        }
        this.version = v;
    }

    /** Loads the library if it is installed (and not disabled); otherwise an unavailable plugin that says why. */
    public static OpenSlideFormat load(boolean enabled) {
        if (!enabled) {
            return new OpenSlideFormat(null, "OpenSlide is disabled by configuration");
        }
        try {
            return new OpenSlideFormat(OpenSlideLibrary.load(), null);
        } catch (Throwable e) {
            return new OpenSlideFormat(null, "OpenSlide (" + OpenSlideLibrary.LIBRARY
                    + ", Debian package libopenslide0) is not installed on this server");
        }
    }

    @Override
    public String name() {
        return "openslide " + (version == null ? "(absent)" : version);
    }

    @Override
    public boolean available() {
        return lib != null;
    }

    @Override
    public String unavailableReason() {
        return reason;
    }

    @Override
    public Probe probe(Path file) {
        if (lib == null) {
            return Probe.reject();
        }
        String vendor = lib.openslide_detect_vendor(file.toAbsolutePath().toString());
        return vendor == null ? Probe.reject() : Probe.accept();
    }

    @Override
    public SlideReader open(Path file) throws IOException {
        if (lib == null) {
            throw new IOException(reason);
        }
        return new OpenSlideReader(lib, file);
    }
}
