package org.slidescore.tile.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.slidescore.tile.deepzoom.DeepZoomLevel;
import org.slidescore.tile.deepzoom.TileRenderer;
import org.slidescore.tile.slide.SlideLevel;
import org.slidescore.tile.slide.SlideReader;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Deep Zoom answers shared by image links and file links: the {@code .dzi} and one tile. Blocking. */
@ApplicationScoped
public class DeepZoomResponses {
    private static final Pattern TILE = Pattern.compile("(\\d{1,9})_(\\d{1,9})\\.(jpeg|jpg)");

    private final TileRenderer renderer;
    private final TileMetrics metrics;

    public DeepZoomResponses(TileRenderer renderer, TileMetrics metrics) {
        this.renderer = renderer;
        this.metrics = metrics;
    }

    public Response dzi(SlideReader slide) {
        long start = System.nanoTime();
        SlideLevel l0 = slide.level(0);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Image xmlns=\"http://schemas.microsoft.com/deepzoom/2008\" TileSize=\"" + renderer.osdTileSize(slide)
                + "\" Overlap=\"0\" Format=\"jpeg\"><Size Width=\"" + l0.width() + "\" Height=\"" + l0.height()
                + "\"/></Image>";
        metrics.record("dzi", true, start);
        return Response.ok(xml, "application/xml").build();
    }

    /**
     * @param cacheKey  identifies the file version in the encoded-tile cache
     * @param etagBase  identifies the file version in ETags
     */
    public Response tile(SlideReader slide, String cacheKey, String etagBase, String level, String tileName,
                         String ifNoneMatch) throws IOException {
        long start = System.nanoTime();
        Matcher m = TILE.matcher(tileName);
        if (!level.matches("\\d{1,2}") || !m.matches()) {
            return notFound("tile names are {column}_{row}.jpeg");
        }
        int dzLevel = Integer.parseInt(level);
        long column = Long.parseLong(m.group(1));
        long row = Long.parseLong(m.group(2));
        SlideLevel l0 = slide.level(0);
        if (dzLevel > DeepZoomLevel.maxLevel(l0.width(), l0.height())) {
            return notFound("no level " + dzLevel);
        }
        DeepZoomLevel dz = renderer.deepZoomLevel(slide, dzLevel);
        if (!dz.hasTile(column, row)) {
            return notFound("no tile " + column + "_" + row + " at level " + dzLevel);
        }
        String etag = "\"" + etagBase + "-" + dzLevel + "-" + column + "-" + row + "\"";
        if (etag.equals(ifNoneMatch)) {
            return Response.notModified().header("ETag", etag).build();
        }
        TileRenderer.Tile t = renderer.deepZoomTile(slide, cacheKey, dz, column, row);
        metrics.record("tile", t.passthrough(), start);
        return Response.ok(t.jpeg(), "image/jpeg")
                .header("ETag", etag)
                .header("Cache-Control", "private, max-age=86400")
                .header("X-Tile-Path", t.passthrough() ? "passthrough" : "rendered")
                .build();
    }

    static Response notFound(String why) {
        return Response.status(404).type("text/plain").entity(why).build();
    }
}
