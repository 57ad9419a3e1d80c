package org.slidescore.tile.slide;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared test data lives: {@code ../shared/testdata} beside the repository (or {@code SLIDESCORE_TESTDATA}). */
public final class TestSlides {
    private TestSlides() {
    }

    public static Path sdkTestImage() {
        String env = System.getenv("SLIDESCORE_TESTDATA");
        for (Path candidate : new Path[]{
                env == null ? null : Path.of(env, "test-image.TiFF"),
                Path.of("../../shared/testdata/test-image.TiFF"),
                Path.of("../shared/testdata/test-image.TiFF"),
                Path.of("/work/shared/testdata/test-image.TiFF")}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("the SDK's test-image.TiFF was not found in ../shared/testdata (set SLIDESCORE_TESTDATA)");
    }
}
