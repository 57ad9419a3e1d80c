package org.slidescore.tile.slide;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.slidescore.tile.config.TileConfig;
import org.slidescore.tile.slide.jpeg.JpegCodec;
import org.slidescore.tile.slide.jpeg.JpegCodecs;
import org.slidescore.tile.slide.openslide.OpenSlideFormat;
import org.slidescore.tile.slide.tiff.TiffSlideFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The active reader plugins and the slides they have open: each file is indexed once and kept open (bounded LRU);
 * a file replaced on disk (other size or modification time) is opened afresh. Blocking: call from worker threads.
 */
@ApplicationScoped
public class Slides {
    private final JpegCodec codec;
    private final SlideFormats formats;
    private final Cache<FileKey, SlideReader> open;

    private record FileKey(Path path, long size, long modified) {
    }

    public Slides(TileConfig config) {
        this.codec = JpegCodecs.best(config.turbojpeg());
        this.formats = new SlideFormats(List.of(new TiffSlideFormat(codec), OpenSlideFormat.load(config.openslide())));
        this.open = Caffeine.newBuilder().maximumSize(config.openSlides())
                .removalListener((FileKey k, SlideReader r, com.github.benmanes.caffeine.cache.RemovalCause c) -> {
                    if (r != null) {
                        try {
                            r.close();
                        } catch (IOException e) {
                            Log.warnf("closing slide %s failed: %s", k.path(), e.getMessage());
                        }
                    }
                }).build();
    }

    void logAtStart(@Observes StartupEvent ev) {
        Log.infof("tile-service slide readers: %s", describe());
    }

    public JpegCodec codec() {
        return codec;
    }

    /** Which codec and readers are active (health details, start log). */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("jpegCodec", codec.name());
        for (SlideFormat f : formats.formats()) {
            d.put("reader " + f.name(), f.available() ? "active" : "inactive: " + f.unavailableReason());
        }
        return d;
    }

    /** The open reader of a file; {@link UnreadableSlideException} with the reason when no reader can serve it. */
    public SlideReader open(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new UnreadableSlideException("the slide file does not exist");
        }
        FileKey key = new FileKey(file, a.size(), a.lastModifiedTime().toMillis());
        try {
            return open.get(key, k -> {
                try {
                    return formats.open(k.path());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Opens a file without keeping it (inspection of new uploads). */
    public SlideReader openUncached(Path file) throws IOException {
        return formats.open(file);
    }

    @PreDestroy
    void closeAll() {
        open.invalidateAll();
    }
}
