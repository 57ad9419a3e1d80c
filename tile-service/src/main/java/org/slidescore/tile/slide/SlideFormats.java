package org.slidescore.tile.slide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reader plugins in order of preference; opens a file with the first one that accepts it, or says clearly why none
 * can.
 */
public final class SlideFormats {
    /** Extensions of formats only OpenSlide reads; used to explain a refusal when OpenSlide is absent. */
    private static final Set<String> OPENSLIDE_EXTENSIONS = Set.of("ndpi", "mrxs", "scn", "vms", "vmu", "svslide",
            "bif", "svs", "tif", "tiff", "dcm");

    private final List<SlideFormat> formats;

    public SlideFormats(List<SlideFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    public List<SlideFormat> formats() {
        return formats;
    }

    public SlideReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UnreadableSlideException("the slide file does not exist");
        }
        List<String> reasons = new ArrayList<>();
        for (SlideFormat f : formats) {
            if (!f.available()) {
                continue;
            }
            SlideFormat.Probe p = f.probe(file);
            switch (p.verdict()) {
                case ACCEPT -> {
                    return f.open(file);
                }
                case UNSUPPORTED -> reasons.add(p.message());
                case REJECT -> {
                }
            }
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        List<String> absent = formats.stream().filter(f -> !f.available()).map(SlideFormat::unavailableReason).toList();
        if (!absent.isEmpty() && OPENSLIDE_EXTENSIONS.contains(ext)) {
            reasons.add("this format needs a reader that is not active here: " + String.join("; ", absent));
        }
        if (reasons.isEmpty()) {
            reasons.add("'" + name + "' is not in a slide format this server reads");
        }
        throw new UnreadableSlideException(String.join("; ", reasons));
    }
}
