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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    enum Outcome { ALLOWED, NO_PIXELS_RIGHT, NO_SCORES_RIGHT, STUDY_NOT_READABLE, UNAUTHENTICATED }

    record Call(String name, Function<String, Response> send, boolean binary) {
    }

    static final long IMG = TileFixture.SDK_IMAGE;

    static List<Call> calls() {
        return List.of(
                new Call("GetImageMetadata", auth -> spec(auth).queryParam("imageid", IMG).get("/Api/GetImageMetadata"), false),
                new Call("GetTileServer", auth -> spec(auth).queryParam("imageid", IMG).get("/Api/GetTileServer"), false),
                new Call("GetRawTile", auth -> spec(auth).queryParam("imageid", IMG).queryParam("studyid", TileFixture.STUDY)
                        .queryParam("level", 0).queryParam("x", 0).queryParam("y", 0).queryParam("width", 128)
                        .queryParam("height", 128).get("/Api/GetRawTile"), true),
                new Call("GetImageTile", auth -> spec(auth).queryParam("imageid", IMG).queryParam("level", 1)
                        .queryParam("x", 0).queryParam("y", 0).queryParam("width", 64).queryParam("height", 64)
                        .get("/Api/GetImageTile"), true),
                new Call("GetScreenshot", auth -> spec(auth).queryParam("imageid", IMG).queryParam("level", 6)
                        .get("/Api/GetScreenshot"), true),
                new Call("DownloadSlide", auth -> spec(auth).queryParam("imageid", IMG).queryParam("studyid", TileFixture.STUDY)
                        .get("/Api/DownloadSlide"), true));
    }

    static Call screenshotWithAnnotations() {
        return new Call("GetScreenshot+annotations", auth -> spec(auth).queryParam("imageid", IMG).queryParam("level", 6)
                .queryParam("withAnnotationForUser", NeighbourServicesResource.ANNOTATOR).get("/Api/GetScreenshot"), true);
    }

    static io.restassured.specification.RequestSpecification spec(String auth) {
        io.restassured.specification.RequestSpecification s = given().accept("application/json");
        return auth == null ? s : s.header("Authorization", auth);
    }

    @Test
    void rightsMatrix() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("all rights", TestTokens.all());
        tokens.put("only CanGetPixels", TestTokens.with(Right.CanGetPixels));
        tokens.put("everything but CanGetPixels", TestTokens.builder().allRightsExcept(Right.CanGetPixels).sign());
        tokens.put("no rights", TestTokens.none());
        tokens.put("reads only this study (by id)", TestTokens.builder().allRights()
                .readOnlyStudies(Long.toString(TileFixture.STUDY)).sign());
        tokens.put("reads only this study (by name)", TestTokens.builder().allRights()
                .readOnlyStudies(TileFixture.STUDY_NAME).sign());
        tokens.put("reads only another study", TestTokens.builder().allRights().readOnlyStudies("12345", "Other").sign());
        tokens.put("modifies only another study", TestTokens.builder().allRights().modifyOnlyStudies("12345").sign());
        tokens.put("expired", TestTokens.expired());
        tokens.put("bad signature", TestTokens.badSignature());
        tokens.put("none", null);

        Map<String, Outcome> expected = new LinkedHashMap<>();
        expected.put("all rights", Outcome.ALLOWED);
        expected.put("only CanGetPixels", Outcome.ALLOWED);
        expected.put("everything but CanGetPixels", Outcome.NO_PIXELS_RIGHT);
        expected.put("no rights", Outcome.NO_PIXELS_RIGHT);
        expected.put("reads only this study (by id)", Outcome.ALLOWED);
        expected.put("reads only this study (by name)", Outcome.ALLOWED);
        expected.put("reads only another study", Outcome.STUDY_NOT_READABLE);
        expected.put("modifies only another study", Outcome.ALLOWED);
        expected.put("expired", Outcome.UNAUTHENTICATED);
        expected.put("bad signature", Outcome.UNAUTHENTICATED);
        expected.put("none", Outcome.UNAUTHENTICATED);

        List<String> wrong = new ArrayList<>();
        for (Call call : calls()) {
            for (Map.Entry<String, String> t : tokens.entrySet()) {
                check(call, t.getKey(), t.getValue(), expected.get(t.getKey()), wrong);
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
