package org.slidescore.tile.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.slidescore.tile.deepzoom.DeepZoomLevel;
import org.slidescore.tile.deepzoom.TileRenderer;
import org.slidescore.tile.deepzoom.TileTokens;
import org.slidescore.tile.images.ImageCatalog;
import org.slidescore.tile.images.ImageRef;
import org.slidescore.tile.slide.SlideLevel;
import org.slidescore.tile.slide.SlideReader;

import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deep Zoom under {@code /i/{imageId}/{urlPart}/}: {@code i.dzi} and tiles under {@code i_files/} or {@code _files/}.
 * No bearer token: the signed url part (and cookie {@code t} when sent) authorize. Wrong link → 403, expired → 503
 * (clients renew), no such tile or level → 404.
 */
@Path("/i/{imageId}/{urlPart}")
public class DeepZoomResource {
    private static final Pattern TILE = Pattern.compile("(\\d{1,9})_(\\d{1,9})\\.(jpeg|jpg)");

    private final TileTokens tokens;
    private final ImageCatalog catalog;
    private final PixelService pixels;
    private final TileRenderer renderer;
    Clock clock = Clock.systemUTC();

    public DeepZoomResource(TileTokens tokens, ImageCatalog catalog, PixelService pixels, TileRenderer renderer) {
        this.tokens = tokens;
        this.catalog = catalog;
        this.pixels = pixels;
        this.renderer = renderer;
    }

    @GET
    @Path("i.dzi")
    public Uni<Response> dzi(@PathParam("imageId") long imageId, @PathParam("urlPart") String urlPart,
                             @CookieParam("t") String cookie) {
        Response refused = check(imageId, urlPart, cookie);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        return image(imageId).chain(ref -> ref == null ? Uni.createFrom().item(notFound("no such image"))
                : Blocking.run(() -> {
                    SlideReader slide = pixels.open(ref);
                    SlideLevel l0 = slide.level(0);
                    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            + "<Image xmlns=\"http://schemas.microsoft.com/deepzoom/2008\" TileSize=\""
                            + renderer.osdTileSize(slide) + "\" Overlap=\"0\" Format=\"jpeg\"><Size Width=\""
                            + l0.width() + "\" Height=\"" + l0.height() + "\"/></Image>";
                    return Response.ok(xml, "application/xml").build();
                }));
    }

    @GET
    @Path("i_files/{level}/{tile}")
    public Uni<Response> tile(@PathParam("imageId") long imageId, @PathParam("urlPart") String urlPart,
                              @PathParam("level") String level, @PathParam("tile") String tile,
                              @CookieParam("t") String cookie, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Response refused = check(imageId, urlPart, cookie);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        Matcher m = TILE.matcher(tile);
        if (!level.matches("\\d{1,2}") || !m.matches()) {
            return Uni.createFrom().item(notFound("tile names are {column}_{row}.jpeg"));
        }
        int dzLevel = Integer.parseInt(level);
        long column = Long.parseLong(m.group(1));
        long row = Long.parseLong(m.group(2));
        return image(imageId).chain(ref -> ref == null ? Uni.createFrom().item(notFound("no such image"))
                : Blocking.run(() -> {
                    SlideReader slide = pixels.open(ref);
                    SlideLevel l0 = slide.level(0);
                    if (dzLevel > DeepZoomLevel.maxLevel(l0.width(), l0.height())) {
                        return notFound("no level " + dzLevel);
                    }
                    DeepZoomLevel dz = renderer.deepZoomLevel(slide, dzLevel);
                    if (!dz.hasTile(column, row)) {
                        return notFound("no tile " + column + "_" + row + " at level " + dzLevel);
                    }
                    String etag = "\"" + Long.toHexString(ref.imageId()) + "-" + Integer.toHexString(
                            (ref.path() + "|" + ref.fileSize()).hashCode()) + "-" + dzLevel + "-" + column + "-" + row + "\"";
                    if (etag.equals(ifNoneMatch)) {
                        return Response.notModified().tag(etag.substring(1, etag.length() - 1)).build();
                    }
                    TileRenderer.Tile t = renderer.deepZoomTile(slide, ref.imageId() + ":" + ref.path() + ":"
                            + ref.fileSize(), dz, column, row);
                    return Response.ok(t.jpeg(), "image/jpeg")
                            .header("ETag", etag)
                            .header("Cache-Control", "private, max-age=86400")
                            .header("X-Tile-Path", t.passthrough() ? "passthrough" : "rendered")
                            .build();
                }));
    }

    @GET
    @Path("_files/{level}/{tile}")
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

    private static Response notFound(String why) {
        return Response.status(404).type("text/plain").entity(why).build();
    }
}
