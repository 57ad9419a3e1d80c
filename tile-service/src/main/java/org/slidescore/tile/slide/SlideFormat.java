package org.slidescore.tile.slide;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A slide reader plugin. {@link SlideFormats} asks each active plugin in turn whether it recognizes a file; adding a
 * format is adding an implementation.
 */
public interface SlideFormat {

    /** A short name for logs and health details, e.g. {@code tiff (pure Java)}, {@code openslide 3.4.1}. */
    String name();

    /** Whether the plugin can run here (e.g. its native library is installed). */
    boolean available();

    /** Why it cannot run, when {@link #available()} is false. */
    String unavailableReason();

    /**
     * Whether this plugin can serve the file: {@code ACCEPT}, {@code REJECT} (not this plugin's format) or
     * {@code UNSUPPORTED} (its format family, but a variant it cannot decode; the message says which).
     */
    Probe probe(Path file) throws IOException;

    SlideReader open(Path file) throws IOException;

    record Probe(Verdict verdict, String message) {
        public enum Verdict { ACCEPT, REJECT, UNSUPPORTED }

        public static Probe accept() {
            return new Probe(Verdict.ACCEPT, null);
        }

        public static Probe reject() {
            return new Probe(Verdict.REJECT, null);
        }

        public static Probe unsupported(String why) {
            return new Probe(Verdict.UNSUPPORTED, why);
        }
    }
}
