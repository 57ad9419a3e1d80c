package org.slidescore.tile.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.RevokedTokens;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.WireException;
import org.slidescore.tile.config.TileConfig;
import org.slidescore.tile.deepzoom.TileRenderer;
import org.slidescore.tile.deepzoom.TileTokens;
import org.slidescore.tile.images.ImageCatalog;
import org.slidescore.tile.images.ImageRef;
import org.slidescore.tile.images.ProjectedImage;
import org.slidescore.tile.images.ProjectedStudy;
import org.slidescore.tile.images.StudyServiceClient;
import org.slidescore.tile.slide.SlideReader;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The QuPath extension's surface (contract §2, "QuPath links"): {@code GetQupathTokensForStudy} hands out one link per
 * image of a study, {@code {public-url}/i/{imageId}/{token}/SlideScoreMetadata.json}; beside it
 * {@code raw/{level}/{x}_{y}/{w}_{h}.jpeg} serves native-level regions (x,y level-0 pixels, w,h level pixels, as
 * {@code GetRawTile}). No bearer header: the token path segment is signed, bound to the image and to the API token
 * that asked for it (revoking that token ends its links), and expires (503, which the extension reads as "get a new
 * link"); a wrong one is 403.
 */
@ApplicationScoped
public class QupathLinks {
    private static final Pattern PAIR = Pattern.compile("(\\d{1,10})_(\\d{1,10})");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,6})_(\\d{1,6})\\.(jpeg|jpg)");

    private final TileTokens tokens;
    private final RevokedTokens revoked;
    private final ImageCatalog catalog;
    private final StudyServiceClient studies;
    private final PixelService pixels;
    private final TileRenderer renderer;
    private final TileConfig config;
    private final TileMetrics metrics;
    private final String publicUrl;
    Clock clock = Clock.systemUTC();

    public QupathLinks(TileTokens tokens, RevokedTokens revoked, ImageCatalog catalog, StudyServiceClient studies,
                       PixelService pixels, TileRenderer renderer, TileConfig config, TileMetrics metrics,
                       @ConfigProperty(name = "slidescore.public-url") String publicUrl) {
        this.tokens = tokens;
        this.revoked = revoked;
        this.catalog = catalog;
        this.studies = studies;
        this.pixels = pixels;
        this.renderer = renderer;
        this.config = config;
        this.metrics = metrics;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /**
     * {@code GetQupathTokensForStudy}: {@code CanGetPixels} and read access to the study. Links expire after
     * {@code slidescore.tile.qupath-link-lifetime}, never after the API token itself.
     */
    public Uni<Map<String, Object>> tokensForStudy(ApiToken token, long studyId) {
        token.requireRight(Right.CanGetPixels);
        return studyImages(studyId).map(found -> {
            ProjectedStudy study = found.study();
            token.requireCanRead(study.studyId, study.name);
            Instant expires = clock.instant().plus(config.qupathLinkLifetime());
            if (token.expiresAt() != null && token.expiresAt().isBefore(expires)) {
                expires = token.expiresAt();
            }
            expires = expires.truncatedTo(ChronoUnit.SECONDS);
            List<Map<String, Object>> images = new ArrayList<>();
            for (ProjectedImage i : found.images()) {
                String t = tokens.issueQupath(i.imageId, token.id(), expires);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("imageID", i.imageId);
                m.put("name", i.name);
                m.put("token", t);
                m.put("url", publicUrl + "/i/" + i.imageId + "/" + t + "/SlideScoreMetadata.json");
                images.add(m);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("studyID", study.studyId);
            body.put("expiresOn", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(expires, ZoneOffset.UTC)));
            body.put("images", images);
            return body;
        });
    }

    private record StudyImages(ProjectedStudy study, List<ProjectedImage> images) {
    }

    /** The projected study and its images, reading the study through from study-service when it is unknown here. */
    private Uni<StudyImages> studyImages(long studyId) {
        return projected(studyId).chain(found -> found != null ? Uni.createFrom().item(found)
                : studies.study(studyId).chain(s -> s.isEmpty()
                        ? Uni.createFrom().failure(new WireException("Study " + studyId + " not found"))
                        : Panache.withTransaction(() -> catalog.apply(s.get())).chain(() -> projected(studyId))
                        .map(again -> {
                            if (again == null) {
                                throw new WireException("Study " + studyId + " not found");
                            }
                            return again;
                        })));
    }

    private Uni<StudyImages> projected(long studyId) {
        return Panache.withSession(() -> ProjectedStudy.<ProjectedStudy>findById(studyId).chain(study -> study == null
                ? Uni.createFrom().nullItem()
                : ProjectedImage.<ProjectedImage>list("studyId = ?1 order by imageId", studyId)
                .map(images -> new StudyImages(study, images))));
    }

    /** {@code SlideScoreMetadata.json}: the metadata in PascalCase, not wrapped (what the extension reads). */
    public Uni<Response> metadata(long imageId, String token) {
        return withImage(imageId, token, ref -> {
            Map<String, Object> camel = pixels.metadata(ref);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Level0TileWidth", camel.get("level0TileWidth"));
            m.put("Level0TileHeight", camel.get("level0TileHeight"));
            m.put("OSDTileSize", camel.get("osdTileSize"));
            m.put("MppX", camel.get("mppX"));
            m.put("MppY", camel.get("mppY"));
            m.put("ObjectivePower", camel.get("objectivePower"));
            m.put("BackgroundColor", camel.get("backgroundColor"));
            m.put("LevelCount", camel.get("levelCount"));
            m.put("ZLayerCount", camel.get("zLayerCount"));
            m.put("Level0Width", camel.get("level0Width"));
            m.put("Level0Height", camel.get("level0Height"));
            m.put("Downsamples", camel.get("downsamples"));
            m.put("LevelWidths", camel.get("levelWidths"));
            m.put("LevelHeights", camel.get("levelHeights"));
            m.put("FileName", camel.get("fileName"));
            return Response.ok(m, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "private, max-age=3600")
                    .build();
        });
    }

    /** {@code raw/{level}/{x}_{y}/{w}_{h}.jpeg}: a native-level region, the file's own JPEG when it is one whole tile. */
    public Uni<Response> raw(long imageId, String token, String levelText, String position, String size) {
        Matcher xy = PAIR.matcher(position);
        Matcher wh = SIZE.matcher(size);
        if (!levelText.matches("\\d{1,2}") || !xy.matches() || !wh.matches()) {
            return Uni.createFrom().item(text(404, "raw regions are raw/{level}/{x}_{y}/{width}_{height}.jpeg"));
        }
        int level = Integer.parseInt(levelText);
        long x = Long.parseLong(xy.group(1));
        long y = Long.parseLong(xy.group(2));
        int width = Integer.parseInt(wh.group(1));
        int height = Integer.parseInt(wh.group(2));
        return withImage(imageId, token, ref -> {
            long start = System.nanoTime();
            SlideReader slide = pixels.open(ref);
            if (level >= slide.levels().size()) {
                return text(404, "level " + level + " does not exist; the image has " + slide.levels().size() + " levels");
            }
            TileRenderer.Tile t;
            try {
                t = renderer.rawRegion(slide, level, x, y, width, height, config.jpegQuality());
            } catch (IllegalArgumentException e) {
                return text(400, e.getMessage());
            }
            metrics.record("raw", t.passthrough(), start);
            return Response.ok(t.jpeg(), "image/jpeg").header("Cache-Control", "private, max-age=3600")
                    .header("X-Tile-Path", t.passthrough() ? "passthrough" : "rendered").build();
        });
    }

    interface ImageWork {
        Response apply(ImageRef ref) throws Exception;
    }

    private Uni<Response> withImage(long imageId, String token, ImageWork work) {
        String tokenId;
        try {
            tokenId = tokens.checkQupath(imageId, token, clock.instant());
        } catch (TileTokens.ExpiredLinkException e) {
            return Uni.createFrom().item(text(503, "this QuPath link has expired: get new links (GetQupathTokensForStudy)"));
        }
        if (tokenId == null) {
            return Uni.createFrom().item(text(403, "this QuPath link is not valid for image " + imageId));
        }
        if (revoked.isRevoked(tokenId)) {
            return Uni.createFrom().item(text(403, "the API token behind this QuPath link has been revoked"));
        }
        return catalog.find(imageId).chain(found -> found.isEmpty()
                        ? Uni.createFrom().item(text(404, "no such image"))
                        : Blocking.run(() -> work.apply(found.get())))
                .onFailure(WireException.class).recoverWithItem(e -> text(404, e.getMessage()));
    }

    private static Response text(int status, String message) {
        return Response.status(status).type("text/plain;charset=utf-8").entity(message).build();
    }
}
