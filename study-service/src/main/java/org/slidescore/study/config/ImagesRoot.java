package org.slidescore.study.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The images root and the only way to turn a client's path into a file: every path is resolved inside the root
 * (also through symbolic links) or refused.
 */
public final class ImagesRoot {
    private final Path root;

    public ImagesRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path path() {
        return root;
    }

    /** A path that was checked to lie inside the root: {@code relative} uses {@code /} and never starts with one. */
    public record Resolved(String relative, Path absolute) {
    }

    /** A client path that leaves the root or cannot be a path. */
    public static final class OutsideRootException extends IllegalArgumentException {
        public OutsideRootException(String message) {
            super(message);
        }
    }

    /** {@code path} relative to the root itself. */
    public Resolved resolve(String path) {
        return resolve("", path);
    }

    /**
     * {@code path} relative to {@code baseDir} (itself relative to the root, e.g. the study folder); {@code ..} may
     * climb to other folders but never above the root. Backslashes count as separators.
     */
    public Resolved resolve(String baseDir, String path) {
        if (path == null || path.isBlank()) {
            throw new OutsideRootException("empty path");
        }
        String p = path.trim().replace('\\', '/');
        String base = baseDir == null ? "" : baseDir.replace('\\', '/');
        if (p.indexOf('\0') >= 0 || base.indexOf('\0') >= 0) {
            throw new OutsideRootException("path contains a NUL character");
        }
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            throw new OutsideRootException("'" + path + "' is absolute; paths are relative to the images root");
        }
        Path target;
        try {
            target = root.resolve(base).resolve(p).normalize();
        } catch (InvalidPathException e) {
            throw new OutsideRootException("'" + path + "' is not a valid path");
        }
        if (!target.startsWith(root) || target.equals(root)) {
            throw new OutsideRootException("'" + path + "' is outside the images root");
        }
        if (Files.exists(target)) {
            try {
                Path real = target.toRealPath();
                Path realRoot = root.toRealPath();
                if (!real.startsWith(realRoot)) {
                    throw new OutsideRootException("'" + path + "' leads outside the images root");
                }
            } catch (IOException e) {
                throw new OutsideRootException("'" + path + "' cannot be read");
            }
        }
        String relative = root.relativize(target).toString().replace('\\', '/');
        return new Resolved(relative, target);
    }
}
