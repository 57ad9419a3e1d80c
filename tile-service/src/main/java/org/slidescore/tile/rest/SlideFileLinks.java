package org.slidescore.tile.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slidescore.tile.deepzoom.TileTokens;
import org.slidescore.tile.slide.SlidePaths;
import org.slidescore.tile.slide.SlideReader;
import org.slidescore.tile.slide.Slides;
import org.slidescore.tile.slide.UnreadableSlideException;

import java.io.IOException;
import java.time.Clock;

/**
 * Serves links made by {@code GenerateSlideFileURL}: {@code /i/file/{link}/view} is an OpenSeadragon page whose Deep Zoom
 * source ({@code i.dzi}, {@code i_files/}) sits beside it. The link is signed and expires (403 / 503).
 */
@jakarta.enterprise.context.ApplicationScoped
public class SlideFileLinks {
    private final TileTokens tokens;
    private final SlidePaths paths;
    private final Slides slides;
    private final DeepZoomResponses responses;
    Clock clock = Clock.systemUTC();

    public SlideFileLinks(TileTokens tokens, SlidePaths paths, Slides slides, DeepZoomResponses responses) {
        this.tokens = tokens;
        this.paths = paths;
        this.slides = slides;
        this.responses = responses;
    }

    public Uni<Response> view(String link) {
        return withFile(link, (file, slide) -> Response.ok(ViewerPage.html(file.getFileName().toString(), "i.dzi"),
                MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build());
    }

    public Uni<Response> dzi(String link) {
        return withFile(link, (file, slide) -> responses.dzi(slide));
    }

    public Uni<Response> tile(String link, String level, String tile, String ifNoneMatch) {
        return withFile(link, (file, slide) -> responses.tile(slide, "file:" + file, Integer.toHexString(file.hashCode()),
                level, tile, ifNoneMatch));
    }

    interface FileWork {
        Response apply(java.nio.file.Path file, SlideReader slide) throws IOException;
    }

    private Uni<Response> withFile(String link, FileWork work) {
        String path;
        try {
            path = tokens.checkFile(link, clock.instant());
        } catch (TileTokens.ExpiredLinkException e) {
            return Uni.createFrom().item(text(503, "this link has expired: call GenerateSlideFileURL again"));
        }
        if (path == null) {
            return Uni.createFrom().item(text(403, "this link is not valid"));
        }
        java.nio.file.Path file = java.nio.file.Path.of(path);
        if (paths.inSlideRoots(path).isEmpty()) {
            return Uni.createFrom().item(text(403, "this link's file is no longer inside an allowed slide folder"));
        }
        return Blocking.run(() -> {
            try {
                return work.apply(file, slides.open(file));
            } catch (UnreadableSlideException e) {
                return text(404, e.getMessage());
            }
        });
    }

    private static Response text(int status, String message) {
        return Response.status(status).type("text/plain;charset=utf-8").entity(message).build();
    }
}
