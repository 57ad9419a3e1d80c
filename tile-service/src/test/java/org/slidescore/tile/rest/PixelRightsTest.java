package org.slidescore.tile.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every pixel endpoint against every relevant right and restriction: allowed (the endpoint's real answer) or refused
 * (HTTP 200 with {@code success:false} and the reason; 401 for missing or expired tokens).
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "tile"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(NeighbourServicesResource.class)
class PixelRightsTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void fixture() throws Exception {
        TileFixture.ensure(bootstrap);
    }

    enum Outcome { ALLOWED, NO_PIXELS_RIGHT, NO_DOWNLOAD_RIGHT, NO_SCORES_RIGHT, STUDY_NOT_READABLE, UNAUTHENTICATED }

    /** A call and the right it needs besides read access to the image's study. */
    record Call(String name, Right needs, Function<String, Response> send, boolean binary) {
    }

    /** A token: the rights it carries, whether it may read the fixture's study, whether it is valid at all. */
    record TokenCase(String name, String jwt, Set<Right> rights, boolean readsStudy, boolean valid) {
        Outcome expectedFor(Call call) {
            if (!valid) {
                return Outcome.UNAUTHENTICATED;
            }
            if (!rights.contains(call.needs())) {
                return call.needs() == Right.CanDownloadSlides ? Outcome.NO_DOWNLOAD_RIGHT : Outcome.NO_PIXELS_RIGHT;
            }
            return readsStudy ? Outcome.ALLOWED : Outcome.STUDY_NOT_READABLE;
        }
    }

    static final long IMG = TileFixture.SDK_IMAGE;

    static List<Call> calls() {
        return List.of(
                new Call("GetImageMetadata", Right.CanGetPixels, auth -> spec(auth).queryParam("imageid", IMG).get("/Api/GetImageMetadata"), false),
                new Call("GetTileServer", Right.CanGetPixels, auth -> spec(auth).queryParam("imageid", IMG).get("/Api/GetTileServer"), false),
                new Call("GetRawTile", Right.CanGetPixels, auth -> spec(auth).queryParam("imageid", IMG).queryParam("studyid", TileFixture.STUDY)
                        .queryParam("level", 0).queryParam("x", 0).queryParam("y", 0).queryParam("width", 128)
                        .queryParam("height", 128).get("/Api/GetRawTile"), true),
                new Call("GetImageTile", Right.CanGetPixels, auth -> spec(auth).queryParam("imageid", IMG).queryParam("level", 1)
                        .queryParam("x", 0).queryParam("y", 0).queryParam("width", 64).queryParam("height", 64)
                        .get("/Api/GetImageTile"), true),
                new Call("GetScreenshot", Right.CanGetPixels, auth -> spec(auth).queryParam("imageid", IMG).queryParam("level", 6)
                        .get("/Api/GetScreenshot"), true),
                // the slide file itself: the token's CanDownloadSlides claim, not CanGetPixels
                new Call("DownloadSlide", Right.CanDownloadSlides, auth -> spec(auth).queryParam("imageid", IMG)
                        .queryParam("studyid", TileFixture.STUDY).get("/Api/DownloadSlide"), true),
                new Call("DownloadSlide without studyid", Right.CanDownloadSlides, auth -> spec(auth).queryParam("imageid", IMG)
                        .get("/Api/DownloadSlide"), true));
    }

    static Call screenshotWithAnnotations() {
        return new Call("GetScreenshot+annotations", Right.CanGetPixels, auth -> spec(auth).queryParam("imageid", IMG)
                .queryParam("level", 6).queryParam("withAnnotationForUser", NeighbourServicesResource.ANNOTATOR)
                .get("/Api/GetScreenshot"), true);
    }

    static io.restassured.specification.RequestSpecification spec(String auth) {
        io.restassured.specification.RequestSpecification s = given().accept("application/json");
        return auth == null ? s : s.header("Authorization", auth);
    }

    static Set<Right> allBut(Right... missing) {
        EnumSet<Right> s = EnumSet.allOf(Right.class);
        s.removeAll(List.of(missing));
        return s;
    }

    @Test
    void rightsMatrix() {
        Set<Right> all = EnumSet.allOf(Right.class);
        Set<Right> none = EnumSet.noneOf(Right.class);
        List<TokenCase> tokens = List.of(
                new TokenCase("all rights", TestTokens.all(), all, true, true),
                new TokenCase("only CanGetPixels", TestTokens.with(Right.CanGetPixels), EnumSet.of(Right.CanGetPixels), true, true),
                new TokenCase("everything but CanGetPixels", TestTokens.builder().allRightsExcept(Right.CanGetPixels).sign(),
                        allBut(Right.CanGetPixels), true, true),
                new TokenCase("only CanDownloadSlides", TestTokens.with(Right.CanDownloadSlides),
                        EnumSet.of(Right.CanDownloadSlides), true, true),
                new TokenCase("everything but CanDownloadSlides", TestTokens.builder()
                        .allRightsExcept(Right.CanDownloadSlides).sign(), allBut(Right.CanDownloadSlides), true, true),
                new TokenCase("no rights", TestTokens.none(), none, true, true),
                new TokenCase("reads only this study (by id)", TestTokens.builder().allRights()
                        .readOnlyStudies(Long.toString(TileFixture.STUDY)).sign(), all, true, true),
                new TokenCase("reads only this study (by name)", TestTokens.builder().allRights()
                        .readOnlyStudies(TileFixture.STUDY_NAME).sign(), all, true, true),
                new TokenCase("only CanDownloadSlides, reads only this study", TestTokens.builder()
                        .rights(Right.CanDownloadSlides).readOnlyStudies(Long.toString(TileFixture.STUDY)).sign(),
                        EnumSet.of(Right.CanDownloadSlides), true, true),
                new TokenCase("reads only another study", TestTokens.builder().allRights().readOnlyStudies("12345", "Other")
                        .sign(), all, false, true),
                new TokenCase("only CanDownloadSlides, reads only another study", TestTokens.builder()
                        .rights(Right.CanDownloadSlides).readOnlyStudies("12345").sign(),
                        EnumSet.of(Right.CanDownloadSlides), false, true),
                new TokenCase("modifies only another study", TestTokens.builder().allRights().modifyOnlyStudies("12345")
                        .sign(), all, true, true),
                new TokenCase("expired", TestTokens.expired(), all, true, false),
                new TokenCase("bad signature", TestTokens.badSignature(), all, true, false),
                new TokenCase("none", null, none, true, false));

        List<String> wrong = new ArrayList<>();
        for (Call call : calls()) {
            for (TokenCase t : tokens) {
                check(call, t.name(), t.jwt(), t.expectedFor(call), wrong);
            }
        }
        // annotations on screenshots need a scores right as well
        Call anno = screenshotWithAnnotations();
        check(anno, "only CanGetPixels", TestTokens.with(Right.CanGetPixels), Outcome.NO_SCORES_RIGHT, wrong);
        check(anno, "CanGetPixels+CanGetScores", TestTokens.with(Right.CanGetPixels, Right.CanGetScores), Outcome.ALLOWED, wrong);
        check(anno, "CanGetPixels+CanGetAnyScores", TestTokens.with(Right.CanGetPixels, Right.CanGetAnyScores), Outcome.ALLOWED, wrong);
        check(anno, "CanGetScores only", TestTokens.with(Right.CanGetScores), Outcome.NO_PIXELS_RIGHT, wrong);
        assertEquals(List.of(), wrong);
    }

    private static void check(Call call, String tokenName, String jwt, Outcome expected, List<String> wrong) {
        Response r = call.send().apply(jwt == null ? null : TestTokens.bearer(jwt));
        String body = r.asString();
        Outcome actual;
        if (r.statusCode() == 401) {
            actual = Outcome.UNAUTHENTICATED;
        } else if (r.statusCode() == 200 && body.startsWith("{\"success\":false")) {
            actual = body.contains("lacks the right CanGetPixels") ? Outcome.NO_PIXELS_RIGHT
                    : body.contains("lacks the right CanDownloadSlides") ? Outcome.NO_DOWNLOAD_RIGHT
                    : body.contains("lacks the right CanGetScores or CanGetAnyScores") ? Outcome.NO_SCORES_RIGHT
                    : body.contains("study") || body.contains("Study") ? Outcome.STUDY_NOT_READABLE : null;
        } else if (r.statusCode() == 200 && (call.binary() ? !r.contentType().contains("json")
                : body.contains("\"success\":true") || body.contains("\"urlPart\""))) {
            actual = Outcome.ALLOWED;
        } else {
            actual = null;
        }
        if (actual != expected) {
            wrong.add(call.name() + " with " + tokenName + ": expected " + expected + ", got " + r.statusCode() + " "
                    + (body.length() > 200 ? body.substring(0, 200) : body));
        }
    }
}
