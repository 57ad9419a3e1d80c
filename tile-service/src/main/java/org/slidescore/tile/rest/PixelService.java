package org.slidescore.tile.rest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.WireException;
import org.slidescore.tile.config.TileConfig;
import org.slidescore.tile.deepzoom.TileRenderer;
import org.slidescore.tile.deepzoom.TileTokens;
import org.slidescore.tile.images.ImageCatalog;
import org.slidescore.tile.images.ImageRef;
import org.slidescore.tile.slide.SlideLevel;
import org.slidescore.tile.slide.SlidePaths;
import org.slidescore.tile.slide.SlideReader;
import org.slidescore.tile.slide.Slides;
import org.slidescore.tile.slide.UnreadableSlideException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rights, image lookup and the JSON answers of the pixel calls. */
@ApplicationScoped
public class PixelService {
    private final ImageCatalog catalog;
    private final Slides slides;
    private final SlidePaths paths;
    private final TileRenderer renderer;
    private final TileTokens tokens;
    private final TileConfig config;
    Clock clock = Clock.systemUTC();

    public PixelService(ImageCatalog catalog, Slides slides, SlidePaths paths, TileRenderer renderer, TileTokens tokens,
                        TileConfig config) {
        this.catalog = catalog;
        this.slides = slides;
        this.paths = paths;
        this.renderer = renderer;
        this.tokens = tokens;
        this.config = config;
    }

    /** An image the token may read pixels of; refusals in the endpoint's error style. */
    public Uni<ImageRef> readableImage(ApiToken token, long imageId, Long studyId) {
        return readableImage(token, Right.CanGetPixels, imageId, studyId);
    }

    /** The image, after checking that the token has {@code right} and may read the image's study. */
    public Uni<ImageRef> readableImage(ApiToken token, Right right, long imageId, Long studyId) {
        token.requireRight(right);
        Uni<Optional<ImageRef>> found = studyId == null ? catalog.find(imageId) : catalog.find(imageId, studyId);
        return found.map(o -> {
            ImageRef ref = o.orElseThrow(() -> new WireException(studyId == null ? "Image " + imageId + " not found"
                    : "Image " + imageId + " not found in study " + studyId));
            token.requireCanRead(ref.studyId(), ref.studyName());
            return ref;
        });
    }

    /** The image's file (inside the images root). */
    public Path file(ImageRef ref) {
        return paths.inImagesRoot(ref.path()).orElseThrow(() -> new WireException("Image " + ref.imageId()
                + " has a path outside the images root"));
    }

    /** Blocking. */
    public SlideReader open(ImageRef ref) {
        try {
            return slides.open(file(ref));
        } catch (UnreadableSlideException e) {
            throw new WireException("Image " + ref.imageId() + " cannot be read: " + e.getMessage());
        } catch (IOException e) {
            throw new WireException("Image " + ref.imageId() + " cannot be read: " + e.getMessage());
        }
    }

    /** {@code GetImageMetadata}'s {@code metadata} object, with the contract's exact key names. Blocking. */
    public Map<String, Object> metadata(ImageRef ref) {
        SlideReader r = open(ref);
        SlideLevel l0 = r.level(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level0TileWidth", l0.tileWidth());
        m.put("level0TileHeight", l0.tileHeight());
        m.put("osdTileSize", renderer.osdTileSize(r));
        m.put("mppX", r.mppX() == null ? 0.0 : r.mppX());
        m.put("mppY", r.mppY() == null ? 0.0 : r.mppY());
        m.put("objectivePower", r.objectivePower() == null ? 0.0 : r.objectivePower());
        m.put("backgroundColor", r.backgroundColor());
        m.put("levelCount", r.levels().size());
        m.put("zLayerCount", 1);
        m.put("level0Width", l0.width());
        m.put("level0Height", l0.height());
        m.put("downsamples", r.levels().stream().map(SlideLevel::downsample).toList());
        m.put("levelWidths", r.levels().stream().map(SlideLevel::width).toList());
        m.put("levelHeights", r.levels().stream().map(SlideLevel::height).toList());
        Map<String, String> p = r.properties();
        m.put("boundsX", longProp(p, "openslide.bounds-x", 0));
        m.put("boundsY", longProp(p, "openslide.bounds-y", 0));
        m.put("boundsWidth", longProp(p, "openslide.bounds-width", l0.width()));
        m.put("boundsHeight", longProp(p, "openslide.bounds-height", l0.height()));
        m.put("fileName", ref.name());
        return m;
    }

    private static long longProp(Map<String, String> p, String key, long fallback) {
        try {
            String v = p.get(key);
            return v == null ? fallback : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** {@code GetTileServer}'s answer. */
    public Map<String, String> tileServer(ImageRef ref) {
        Instant expires = clock.instant().plus(config.tokenLifetime()).truncatedTo(ChronoUnit.SECONDS);
        TileTokens.Issued t = tokens.issue(ref.imageId(), expires);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cookiePart", t.cookiePart());
        m.put("urlPart", t.urlPart());
        m.put("expiresOn", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(t.expiresOn(), ZoneOffset.UTC)));
        return m;
    }

    public List<String> describe() {
        return slides.describe().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }
}
