package org.slidescore.tile.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.WireException;
import org.slidescore.tile.config.TileConfig;
import org.slidescore.tile.deepzoom.DeepZoomLevel;
import org.slidescore.tile.deepzoom.TileRenderer;
import org.slidescore.tile.screenshot.AnnotationPainter;
import org.slidescore.tile.screenshot.ScoringClient;
import org.slidescore.tile.slide.SlideLevel;
import org.slidescore.tile.slide.SlideReader;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * {@code GetScreenshot}: a level-0 rectangle ({@code x, y, width, height}; all 0 or absent = the whole image) rendered
 * at Deep Zoom level {@code level} (clamped to the image's highest level), with a user's annotations and a scale bar.
 */
@ApplicationScoped
public class Screenshots {
    private final PixelService pixels;
    private final TileRenderer renderer;
    private final ScoringClient scoring;
    private final TileConfig config;
    @jakarta.inject.Inject
    TileMetrics metrics;

    public Screenshots(PixelService pixels, TileRenderer renderer, ScoringClient scoring, TileConfig config) {
        this.pixels = pixels;
        this.renderer = renderer;
        this.scoring = scoring;
        this.config = config;
    }

    public Uni<Response> screenshot(ApiRequest request) {
        ApiToken token = request.token();
        long imageId = request.longParam("imageid");
        int level = request.intParam("level");
        long x = request.longParam("x", 0);
        long y = request.longParam("y", 0);
        long width = request.longParam("width", 0);
        long height = request.longParam("height", 0);
        String user = request.optionalParam("withAnnotationForUser").orElse(null);
        String question = request.optionalParam("question").orElse(null);
        String scoreIds = request.optionalParam("scoreIDs").orElse(null);
        boolean scalebar = request.boolParam("showScalebar", true);
        if (level < 0 || x < 0 || y < 0 || width < 0 || height < 0) {
            throw new WireException("level, x, y, width and height must not be negative");
        }
        if (user != null) {
            token.requireAnyRight(Right.CanGetScores, Right.CanGetAnyScores);
        }
        return pixels.readableImage(token, imageId, null).chain(ref -> {
            Uni<JsonNode> annotations = user == null ? Uni.createFrom().nullItem()
                    : scoring.annotations(imageId, user, question, scoreIds, token.raw());
            return annotations.chain(anno -> Blocking.run(() -> {
                long start = System.nanoTime();
                SlideReader slide = pixels.open(ref);
                SlideLevel l0 = slide.level(0);
                long rx = x, ry = y, rw = width, rh = height;
                if (rw == 0 || rh == 0) {
                    rx = 0;
                    ry = 0;
                    rw = l0.width();
                    rh = l0.height();
                }
                if (rx >= l0.width() || ry >= l0.height()) {
                    throw new WireException("x,y lie outside the image (" + l0.width() + "x" + l0.height() + ")");
                }
                rw = Math.min(rw, l0.width() - rx);
                rh = Math.min(rh, l0.height() - ry);
                int max = DeepZoomLevel.maxLevel(l0.width(), l0.height());
                long scale = 1L << (max - Math.min(level, max));
                long ow = Math.max(1, (rw + scale - 1) / scale);
                long oh = Math.max(1, (rh + scale - 1) / scale);
                if (ow * oh > config.screenshotMaxPixels()) {
                    throw new WireException("The screenshot would be " + ow + "x" + oh + " pixels, more than the "
                            + config.screenshotMaxPixels() + " allowed; ask a lower level or a smaller region");
                }
                BufferedImage img;
                try {
                    img = renderer.render(slide, rx, ry, rw, rh, (int) ow, (int) oh);
                } catch (IllegalArgumentException e) {
                    throw new WireException(e.getMessage());
                }
                Graphics2D g = img.createGraphics();
                if (anno != null) {
                    new AnnotationPainter(g, rx, ry, scale).drawAnswers(anno);
                }
                if (scalebar && slide.mppX() != null) {
                    drawScalebar(g, (int) ow, (int) oh, slide.mppX() * scale);
                }
                g.dispose();
                byte[] jpeg = renderer.codec().encode(img, config.jpegQuality());
                metrics.record("screenshot", false, start);
                return Response.ok(jpeg, "image/jpeg").build();
            }));
        });
    }

    /** A bar of a round length (1, 2 or 5 x 10^n µm) about a fifth of the width, bottom left. */
    static void drawScalebar(Graphics2D g, int width, int height, double micronsPerPixel) {
        double target = width / 5.0 * micronsPerPixel;
        if (target <= 0 || width < 60 || height < 30) {
            return;
        }
        double p = Math.pow(10, Math.floor(Math.log10(target)));
        double len = target >= 5 * p ? 5 * p : target >= 2 * p ? 2 * p : p;
        int px = (int) Math.round(len / micronsPerPixel);
        String label = len >= 1000 ? String.format(Locale.ROOT, "%.0f mm", len / 1000)
                : len >= 1 ? String.format(Locale.ROOT, "%.0f µm", len) : String.format(Locale.ROOT, "%.2f µm", len);
        int x = 10, y = height - 12;
        g.setColor(new Color(255, 255, 255, 180));
        g.fillRect(x - 4, y - 18, px + 8, 24);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3f));
        g.drawLine(x, y, x + px, y);
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(label, x, y - 5);
        } catch (RuntimeException | Error e) {
            // a server without any font still gets the bar, just unlabelled
        }
    }
}
