package org.slidescore.tile.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.auth.AccessDeniedException;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.tile.slide.UnreadableSlideException;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireException;
import org.slidescore.tile.deepzoom.TileRenderer;
import org.slidescore.tile.slide.SlideLevel;
import org.slidescore.tile.slide.SlideReader;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pixel calls of the Slide Score API: metadata, tile-server links, raw native tiles, screenshots and the slide
 * file itself. Parameters bind from query or form body, names in any case; errors are {@code {success:false, log}}.
 */
@Path("/Api")
@SlideScoreErrors(ErrorStyle.SUCCESS_LOG)
public class PixelResource {
    private final ApiRequest request;
    private final PixelService pixels;
    private final TileRenderer renderer;
    private final Screenshots screenshots;
    private final org.slidescore.tile.slide.SlidePaths paths;
    private final org.slidescore.tile.slide.Slides slides;
    private final org.slidescore.tile.deepzoom.TileTokens tokens;
    private final org.slidescore.tile.config.TileConfig config;
    java.time.Clock clock = java.time.Clock.systemUTC();
    @jakarta.inject.Inject
    TileMetrics metrics;
    @jakarta.inject.Inject
    QupathLinks qupath;

    public PixelResource(ApiRequest request, PixelService pixels, TileRenderer renderer, Screenshots screenshots,
                         org.slidescore.tile.slide.SlidePaths paths, org.slidescore.tile.slide.Slides slides,
                         org.slidescore.tile.deepzoom.TileTokens tokens, org.slidescore.tile.config.TileConfig config) {
        this.request = request;
        this.pixels = pixels;
        this.renderer = renderer;
        this.screenshots = screenshots;
        this.paths = paths;
        this.slides = slides;
        this.tokens = tokens;
        this.config = config;
    }

    @GET
    @Path("GetImageMetadata")
    public Uni<Response> getImageMetadata() {
        ApiToken token = request.token();
        long imageId = request.longParam("imageid");
        return pixels.readableImage(token, imageId, null)
                .chain(ref -> Blocking.run(() -> pixels.metadata(ref)))
                .map(meta -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("success", true);
                    body.put("metadata", meta);
                    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
                });
    }

    @POST
    @Path("GetImageMetadata")
    public Uni<Response> postImageMetadata() {
        return getImageMetadata();
    }

    @GET
    @Path("GetTileServer")
    public Uni<Response> getTileServer() {
        ApiToken token = request.token();
        long imageId = request.longParam("imageid");
        return pixels.readableImage(token, imageId, null)
                .map(ref -> Response.ok(pixels.tileServer(ref), MediaType.APPLICATION_JSON_TYPE).build());
    }

    @POST
    @Path("GetTileServer")
    public Uni<Response> postTileServer() {
        return getTileServer();
    }

    @GET
    @Path("GetRawTile")
    public Uni<Response> getRawTile() {
        ApiToken token = request.token();
        long imageId = request.longParam("imageid");
        Long studyId = request.optionalLongParam("studyid").isPresent() ? request.longParam("studyid") : null;
        int level = request.intParam("level");
        long x = request.longParam("x");
        long y = request.longParam("y");
        int width = request.intParam("width");
        int height = request.intParam("height");
        int quality = request.intParam("jpegQuality", 80);
        if (quality < 1 || quality > 100) {
            throw new WireException("jpegQuality must lie between 1 and 100");
        }
        return pixels.readableImage(token, imageId, studyId)
                .chain(ref -> Blocking.run(() -> {
                    long start = System.nanoTime();
                    SlideReader slide = pixels.open(ref);
                    if (level < 0 || level >= slide.levels().size()) {
                        throw new WireException("level " + level + " does not exist; the image has "
                                + slide.levels().size() + " levels");
                    }
                    try {
                        TileRenderer.Tile t = renderer.rawRegion(slide, level, x, y, width, height, quality);
                        metrics.record("raw", t.passthrough(), start);
                        return t;
                    } catch (IllegalArgumentException e) {
                        throw new WireException(e.getMessage());
                    }
                }))
                .map(tile -> Response.ok(tile.jpeg(), "image/jpeg").header("Cache-Control", "private, max-age=3600")
                        .build());
    }

    /** The seed's older name of GetRawTile. */
    @GET
    @Path("GetImageTile")
    public Uni<Response> getImageTile() {
        return getRawTile();
    }

    @GET
    @Path("GetScreenshot")
    public Uni<Response> getScreenshot() {
        return screenshots.screenshot(request);
    }

    @POST
    @Path("GetScreenshot")
    public Uni<Response> postScreenshot() {
        return getScreenshot();
    }

    @GET
    @Path("DownloadSlide")
    public Uni<Response> downloadSlide() {
        ApiToken token = request.token();
        long imageId = request.longParam("imageid");
        Long studyId = request.optionalLongParam("studyid").isPresent() ? request.longParam("studyid") : null;
        // the file itself, not pixels: the token's CanDownloadSlides right (CanGetPixels is not needed) and read access
        return pixels.readableImage(token, Right.CanDownloadSlides, imageId, studyId).chain(ref -> Blocking.run(() -> {
            long start = System.nanoTime();
            java.nio.file.Path file = pixels.file(ref);
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new WireException("The file of image " + imageId + " is missing");
            }
            String name = file.getFileName().toString().replace("\"", "");
            String ascii = new String(name.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII).replace('?', '_');
            // times finding and opening the file; the bytes are then streamed by the HTTP layer
            metrics.record("download", true, start);
            return Response.ok(file.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                            + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                    .header("Content-Length", java.nio.file.Files.size(file))
                    .build();
        }));
    }

    /**
     * {@code studyid} → one QuPath link per image of the study ({@code CanGetPixels} and read access). The answer's
     * shape is this project's (the contract knows only the name): {@code {"success":true,"studyID","expiresOn",
     * "images":[{"imageID","name","token","url"}]}}, {@code url} being what QuPath opens.
     */
    @GET
    @Path("GetQupathTokensForStudy")
    public Uni<Response> getQupathTokensForStudy() {
        ApiToken token = request.token();
        long studyId = request.longParam("studyid");
        return qupath.tokensForStudy(token, studyId)
                .map(body -> Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build());
    }

    @POST
    @Path("GetQupathTokensForStudy")
    public Uni<Response> postQupathTokensForStudy() {
        return getQupathTokensForStudy();
    }

    /** {@code filename}: a slide file under the images root (relative) or an extra slide root (absolute). */
    @POST
    @Path("GenerateSlideFileURL")
    @SlideScoreErrors(ErrorStyle.SUCCESS_LOG)
    public Uni<Response> generateSlideFileUrl() {
        ApiToken token = request.token();
        token.requireRight(Right.CanGetPixels);
        if (!token.readOnlyStudies().isEmpty()) {
            throw new AccessDeniedException("This API token may read only some studies, so it may not open slide files by path");
        }
        String filename = request.requiredParam("filename");
        java.nio.file.Path file = paths.inSlideRoots(filename).orElseThrow(() ->
                new WireException("The file must lie inside the images root or an allowed slide folder"));
        return Blocking.run(() -> {
            try {
                slides.open(file);
            } catch (UnreadableSlideException e) {
                throw new WireException("The file cannot be shown: " + e.getMessage());
            }
            String link = "/i/file/" + tokens.issueFile(file.toString(), clock.instant().plus(config.tokenLifetime()))
                    + "/view";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("link", link);
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    /** Native level sizes, for clients and tests that want the raw pyramid. */
    static Map<String, Object> levelInfo(SlideLevel l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("width", l.width());
        m.put("height", l.height());
        return m;
    }
}
