package org.slidescore.tile.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.auth.AccessDeniedException;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.InvalidTokenException;
import org.slidescore.common.auth.Right;
import org.slidescore.common.auth.TokenVerifier;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireException;
import org.slidescore.tile.config.TileConfig;
import org.slidescore.tile.deepzoom.TileTokens;
import org.slidescore.tile.slide.SlidePaths;
import org.slidescore.tile.slide.SlideReader;
import org.slidescore.tile.slide.Slides;
import org.slidescore.tile.slide.UnreadableSlideException;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The slide viewer: {@code /Image/Details?imageId=&studyId=} (with an API token: there are no browser logins) and
 * links made by {@code GenerateSlideFileURL} to any slide file under the images root or the extra slide roots,
 * {@code /i/file/{link}/view}, whose Deep Zoom source sits beside it.
 */
@Path("/Image")
public class ViewerResource {
    private final TokenVerifier verifier;
    private final PixelService pixels;
    private final TileTokens tokens;
    private final SlidePaths paths;
    private final Slides slides;
    private final DeepZoomResponses responses;
    private final TileConfig config;
    private final ApiRequest request;
    Clock clock = Clock.systemUTC();

    public ViewerResource(TokenVerifier verifier, PixelService pixels, TileTokens tokens, SlidePaths paths, Slides slides,
                          DeepZoomResponses responses, TileConfig config, ApiRequest request) {
        this.verifier = verifier;
        this.pixels = pixels;
        this.tokens = tokens;
        this.paths = paths;
        this.slides = slides;
        this.responses = responses;
        this.config = config;
        this.request = request;
    }

    @GET
    @Path("Details")
    public Uni<Response> details(@QueryParam("imageId") String imageIdText, @QueryParam("studyId") String studyIdText,
                                 @HeaderParam("Authorization") String authorization) {
        ApiToken token;
        try {
            token = verifier.verifyHeader(authorization);
        } catch (InvalidTokenException e) {
            return Uni.createFrom().item(Response.status(401).type("text/plain").header("WWW-Authenticate", "Bearer")
                    .entity(e.getMessage()).build());
        }
        long imageId;
        Long studyId;
        try {
            imageId = Long.parseLong(imageIdText == null ? "" : imageIdText.trim());
            studyId = studyIdText == null || studyIdText.isBlank() ? null : Long.valueOf(studyIdText.trim());
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(text(400, "imageId and studyId must be whole numbers"));
        }
        return pixels.readableImage(token, imageId, studyId).map(ref -> {
            Map<String, String> ts = pixels.tileServer(ref);
            String base = "/i/" + ref.imageId() + "/" + ts.get("urlPart");
            return Response.ok(ViewerPage.html(ref.name(), base + "/i.dzi"), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .cookie(new NewCookie.Builder("t").value(ts.get("cookiePart")).path(base).httpOnly(true)
                            .sameSite(NewCookie.SameSite.LAX).build())
                    .build();
        }).onFailure(AccessDeniedException.class).recoverWithItem(e -> text(403, e.getMessage()))
                .onFailure(WireException.class).recoverWithItem(e -> text(404, e.getMessage()));
    }

    private static Response text(int status, String message) {
        return Response.status(status).type("text/plain;charset=utf-8").entity(message).build();
    }

}
