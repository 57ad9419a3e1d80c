package org.slidescore.study.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A fresh images root per test JVM; the tile service URL points at a closed port (nothing to ask). */
public class ImagesRootResource implements QuarkusTestResourceLifecycleManager {
    private static Path root;

    public static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("study-images-root");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("slidescore.images-root", root().toString(),
                "slidescore.services.tile-url", "http://127.0.0.1:1");
    }

    @Override
    public void stop() {
        // the temporary folder is left for inspection after a failed run; it lives under java.io.tmpdir
    }
}
