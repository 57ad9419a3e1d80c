package org.slidescore.tile.slide;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.tile.config.TileConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns paths from studies and clients into files, never outside the images root (or, for the slide-file viewer, the
 * extra slide roots). Refusals say so without echoing the resolved server path.
 */
@ApplicationScoped
public class SlidePaths {
    private final Path root;
    private final List<Path> extraRoots;

    public SlidePaths(@ConfigProperty(name = "slidescore.images-root", defaultValue = "images") String root,
                      TileConfig config) {
        this.root = Path.of(root).toAbsolutePath().normalize();
        List<Path> extra = new ArrayList<>();
        config.extraSlideRoots().ifPresent(s -> {
            for (String p : s.split(":")) {
                if (!p.isBlank()) {
                    extra.add(Path.of(p.trim()).toAbsolutePath().normalize());
                }
            }
        });
        this.extraRoots = List.copyOf(extra);
    }

    public Path root() {
        return root;
    }

    /** A path relative to the images root ({@code /} or {@code \} separators); empty when it escapes the root. */
    public Optional<Path> inImagesRoot(String relative) {
        return inside(root, relative);
    }

    /** A path (relative to the images root, or absolute) inside the images root or one of the extra roots. */
    public Optional<Path> inSlideRoots(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        String p = path.replace('\\', '/');
        if (p.startsWith("/")) {
            Path abs = Path.of(p).normalize();
            if (abs.startsWith(root)) {
                return Optional.of(abs);
            }
            for (Path r : extraRoots) {
                if (abs.startsWith(r)) {
                    return Optional.of(abs);
                }
            }
            return Optional.empty();
        }
        return inside(root, p);
    }

    private static Optional<Path> inside(Path base, String relative) {
        if (relative == null || relative.isBlank() || relative.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String r = relative.replace('\\', '/');
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        Path p = base.resolve(r).normalize();
        return p.startsWith(base) && !p.equals(base) ? Optional.of(p) : Optional.empty();
    }
}
