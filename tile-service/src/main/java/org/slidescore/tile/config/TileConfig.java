package org.slidescore.tile.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code slidescore.tile.*}: tile rendering, cache, links and readers. */
@ConfigMapping(prefix = "slidescore.tile")
public interface TileConfig {
    /** JPEG quality of re-encoded Deep Zoom tiles and screenshots. */
    @WithDefault("80")
    int jpegQuality();

    /** Deep Zoom tile size when the slide's own tiles are not square (else the slide's tile size). */
    @WithDefault("256")
    int defaultTileSize();

    /** Bytes of encoded tiles kept in memory. */
    @WithDefault("256M")
    MemorySize cacheSize();

    /** Slides kept open (file handles and tile indexes). */
    @WithDefault("256")
    int openSlides();

    /** How long a GetTileServer link stays valid. */
    @WithDefault("PT12H")
    Duration tokenLifetime();

    /**
     * How long a QuPath link ({@code GetQupathTokensForStudy}) stays valid; never longer than the API token that
     * asked for it. The QuPath extension itself sends projects older than a year to be renewed.
     */
    @WithDefault("P365D")
    Duration qupathLinkLifetime();

    /** HMAC secret for tile links, shared by all replicas (env SLIDESCORE_TILE_TOKEN_SECRET); random per start when absent. */
    Optional<String> tokenSecret();

    /** Use libjpeg-turbo when libturbojpeg.so.0 loads. */
    @WithDefault("true")
    boolean turbojpeg();

    /** Use OpenSlide when libopenslide.so.0 loads. */
    @WithDefault("true")
    boolean openslide();

    /** Largest screenshot, in pixels. */
    @WithDefault("50000000")
    long screenshotMaxPixels();

    /** Extra folders GenerateSlideFileURL may open, ':'-separated (env SLIDESCORE_TILE_EXTRA_SLIDE_ROOTS). */
    Optional<String> extraSlideRoots();
}
