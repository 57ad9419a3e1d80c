package org.slidescore.tile.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.WireException;
import org.slidescore.tile.deepzoom.TileTokens;
import org.slidescore.tile.images.ImageCatalog;
import org.slidescore.tile.images.ImageRef;

import java.time.Clock;

/**
 * Deep Zoom under {@code /i/{imageId}/{urlPart}/}: {@code i.dzi} and tiles under {@code i_files/} or {@code _files/}.
 * No bearer token: the signed url part (and cookie {@code t} when sent) authorize. Wrong link → 403, expired → 503
 * (clients renew), no such tile or level → 404. Pixel work runs on worker threads. Also the QuPath links
 * ({@link QupathLinks}) and GenerateSlideFileURL's file links ({@link SlideFileLinks}).
 */
@Path("/i")
public class DeepZoomResource {
    private final TileTokens tokens;
    private final ImageCatalog catalog;
    private final PixelService pixels;
    private final DeepZoomResponses responses;
    private final SlideFileLinks fileLinks;
    Clock clock = Clock.systemUTC();

    private final QupathLinks qupath;

    public DeepZoomResource(TileTokens tokens, ImageCatalog catalog, PixelService pixels, DeepZoomResponses responses,
                            SlideFileLinks fileLinks, QupathLinks qupath) {
        this.tokens = tokens;
        this.catalog = catalog;
        this.pixels = pixels;
        this.responses = responses;
        this.fileLinks = fileLinks;
        this.qupath = qupath;
    }

    // QuPath links (GetQupathTokensForStudy): /i/{imageId}/{token}/SlideScoreMetadata.json and raw regions beside it

    @GET
    @Path("{imageId: [0-9]+}/{token}/SlideScoreMetadata.json")
    public Uni<Response> qupathMetadata(@PathParam("imageId") long imageId, @PathParam("token") String token) {
        return qupath.metadata(imageId, token);
    }

    @GET
    @Path("{imageId: [0-9]+}/{token}/raw/{level}/{position}/{size}")
    public Uni<Response> qupathRaw(@PathParam("imageId") long imageId, @PathParam("token") String token,
                                   @PathParam("level") String level, @PathParam("position") String position,
                                   @PathParam("size") String size) {
        return qupath.raw(imageId, token, level, position, size);
    }

    // GenerateSlideFileURL links live under /i/file/ (one resource class for all of /i/, so routing stays simple)

    @GET
    @Path("file/{link}/view")
    public Uni<Response> fileView(@PathParam("link") String link) {
        return fileLinks.view(link);
    }

    @GET
    @Path("file/{link}/i.dzi")
    public Uni<Response> fileDzi(@PathParam("link") String link) {
        return fileLinks.dzi(link);
    }

    @GET
    @Path("file/{link}/i_files/{level}/{tile}")
    public Uni<Response> fileTile(@PathParam("link") String link, @PathParam("level") String level,
                                  @PathParam("tile") String tile, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return fileLinks.tile(link, level, tile, ifNoneMatch);
    }

    @GET
    @Path("{imageId: [0-9]+}/{urlPart}/i.dzi")
    public Uni<Response> dzi(@PathParam("imageId") long imageId, @PathParam("urlPart") String urlPart,
                             @CookieParam("t") String cookie) {
        Response refused = check(imageId, urlPart, cookie);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        return image(imageId).chain(ref -> ref == null ? Uni.createFrom().item(DeepZoomResponses.notFound("no such image"))
                : Blocking.run(() -> responses.dzi(pixels.open(ref))))
                .onFailure(WireException.class).recoverWithItem(e -> DeepZoomResponses.notFound(e.getMessage()));
    }

    @GET
    @Path("{imageId: [0-9]+}/{urlPart}/i_files/{level}/{tile}")
    public Uni<Response> tile(@PathParam("imageId") long imageId, @PathParam("urlPart") String urlPart,
                              @PathParam("level") String level, @PathParam("tile") String tile,
                              @CookieParam("t") String cookie, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Response refused = check(imageId, urlPart, cookie);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        return image(imageId).chain(ref -> ref == null ? Uni.createFrom().item(DeepZoomResponses.notFound("no such image"))
                : Blocking.run(() -> responses.tile(pixels.open(ref), ref.imageId() + ":" + ref.path() + ":" + ref.fileSize(),
                Long.toHexString(ref.imageId()) + "-" + Integer.toHexString((ref.path() + "|" + ref.fileSize()).hashCode()),
                level, tile, ifNoneMatch)))
                .onFailure(WireException.class).recoverWithItem(e -> DeepZoomResponses.notFound(e.getMessage()));
    }

    @GET
    @Path("{imageId: [0-9]+}/{urlPart}/_files/{level}/{tile}")
    public Uni<Response> tileShort(@PathParam("imageId") long imageId, @PathParam("urlPart") String urlPart,
                                   @PathParam("level") String level, @PathParam("tile") String tile,
                                   @CookieParam("t") String cookie, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return tile(imageId, urlPart, level, tile, cookie, ifNoneMatch);
    }

    private Uni<ImageRef> image(long imageId) {
        return catalog.find(imageId).map(o -> o.orElse(null));
    }

    private Response check(long imageId, String urlPart, String cookie) {
        return switch (tokens.check(imageId, urlPart, cookie, clock.instant())) {
            case VALID -> null;
            case INVALID -> Response.status(403).type("text/plain").entity("this tile link is not valid for image "
                    + imageId).build();
            case EXPIRED -> Response.status(503).type("text/plain").header("Retry-After", "0")
                    .entity("this tile link has expired: call GetTileServer again").build();
        };
    }
}
