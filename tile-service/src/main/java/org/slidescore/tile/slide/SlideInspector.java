package org.slidescore.tile.slide;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.events.SlideInspected;

import java.io.IOException;
import java.nio.file.Path;

/** What the readers make of a file under the images root, as the {@code slide-inspected} record. Blocking. */
@ApplicationScoped
public class SlideInspector {
    private final Slides slides;
    private final SlidePaths paths;

    public SlideInspector(Slides slides, SlidePaths paths) {
        this.slides = slides;
        this.paths = paths;
    }

    public SlideInspected inspect(String relativePath) {
        Path file = paths.inImagesRoot(relativePath).orElse(null);
        if (file == null) {
            return failed(relativePath, "the path lies outside the images root");
        }
        try (SlideReader r = slides.openUncached(file)) {
            SlideLevel l0 = r.level(0);
            return new SlideInspected(relativePath, true, r.format(), l0.width(), l0.height(), r.levels().size(),
                    r.levels().stream().map(SlideLevel::downsample).toList(), r.mppX(), r.mppY(), r.objectivePower(),
                    null);
        } catch (IOException | RuntimeException e) {
            Log.infof("slide %s is not readable: %s", relativePath, e.getMessage());
            return failed(relativePath, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static SlideInspected failed(String path, String error) {
        return new SlideInspected(path, false, null, null, null, null, null, null, null, null, error);
    }
}
