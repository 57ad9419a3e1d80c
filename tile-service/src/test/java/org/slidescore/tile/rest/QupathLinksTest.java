package org.slidescore.tile.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.Topics;
import org.slidescore.events.TokenRevoked;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;
import org.slidescore.tile.deepzoom.TileTokens;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The QuPath extension's surface: GetQupathTokensForStudy, then {@code SlideScoreMetadata.json} and
 * {@code raw/{level}/{x}_{y}/{w}_{h}.jpeg} under the link's opaque token path, without a bearer header.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "tile"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(NeighbourServicesResource.class)
class QupathLinksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PUBLIC_URL = "http://localhost:8080";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "slidescore.tile.token-secret")
    String secret;

    @BeforeEach
    void fixture() throws Exception {
        TileFixture.ensure(bootstrap);
    }

    static JsonNode links(String jwt, Object studyId) throws Exception {
        // as the Python SDK sends it: GET with a form body
        Response r = given().header("Authorization", TestTokens.bearer(jwt)).accept("application/json")
                .formParam("studyid", studyId).get("/Api/GetQupathTokensForStudy");
        assertEquals(200, r.statusCode(), r.asString());
        return JSON.readTree(r.asString());
    }

    /** The path QuPath opens, without the public URL. */
    static String metadataPath(JsonNode links, long imageId) {
        for (JsonNode i : links.path("images")) {
            if (i.path("imageID").asLong() == imageId) {
                String url = i.path("url").asText();
                assertTrue(url.startsWith(PUBLIC_URL + "/i/" + imageId + "/"), url);
                assertTrue(url.endsWith("/" + i.path("token").asText() + "/SlideScoreMetadata.json"), url);
                return url.substring(PUBLIC_URL.length());
            }
        }
        throw new AssertionError("no link for image " + imageId + " in " + links);
    }

    static String base(String metadataPath) {
        return metadataPath.substring(0, metadataPath.length() - "SlideScoreMetadata.json".length());
    }

    @Test
    void linksForEveryImageOfTheStudyExpiringAfterAYear() throws Exception {
        JsonNode links = links(TestTokens.builder().rights(Right.CanGetPixels).noExpiry().sign(), TileFixture.STUDY);
        assertTrue(links.path("success").asBoolean(), links.toString());
        assertEquals(TileFixture.STUDY, links.path("studyID").asLong());
        List<Long> ids = new ArrayList<>();
        links.path("images").forEach(i -> ids.add(i.path("imageID").asLong()));
        assertEquals(List.of(TileFixture.SDK_IMAGE, TileFixture.GENERIC, TileFixture.APERIO, TileFixture.MISSING), ids);
        assertEquals("test-image", links.path("images").get(0).path("name").asText());
        LocalDateTime expires = LocalDateTime.parse(links.path("expiresOn").asText());
        LocalDateTime inAYear = LocalDateTime.ofInstant(Instant.now().plus(Duration.ofDays(365)), ZoneOffset.UTC);
        assertTrue(Duration.between(expires, inAYear).abs().toHours() < 2, links.path("expiresOn").asText());
        // the image's file is missing: the link exists, its metadata is a clear 404
        Response missing = given().get(metadataPath(links, TileFixture.MISSING));
        assertEquals(404, missing.statusCode());
        assertTrue(missing.asString().contains("cannot be read"), missing.asString());
    }

    @Test
    void linksNeverOutliveTheApiToken() throws Exception {
        Instant tokenExpiry = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode links = links(TestTokens.builder().rights(Right.CanGetPixels).expiresAt(tokenExpiry).sign(),
                TileFixture.STUDY);
        assertEquals(LocalDateTime.ofInstant(tokenExpiry, ZoneOffset.UTC).toString(), links.path("expiresOn").asText());
    }

    @Test
    void metadataIsPascalCaseAndUnwrapped() throws Exception {
        JsonNode links = links(TestTokens.builder().rights(Right.CanGetPixels).sign(), TileFixture.STUDY);
        Response r = given().get(metadataPath(links, TileFixture.SDK_IMAGE));
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        JsonNode m = JSON.readTree(r.asString());
        List<String> keys = new ArrayList<>();
        m.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("Level0TileWidth", "Level0TileHeight", "OSDTileSize", "MppX", "MppY", "ObjectivePower",
                "BackgroundColor", "LevelCount", "ZLayerCount", "Level0Width", "Level0Height", "Downsamples",
                "LevelWidths", "LevelHeights", "FileName"), keys);
        // the same values GetImageMetadata gives in camelCase
        JsonNode camel = JSON.readTree(given().header("Authorization", DeepZoomTest.bearer())
                .queryParam("imageid", TileFixture.SDK_IMAGE).get("/Api/GetImageMetadata").asString()).path("metadata");
        for (String k : keys) {
            String c = k.equals("OSDTileSize") ? "osdTileSize" : k.equals("ZLayerCount") ? "zLayerCount"
                    : Character.toLowerCase(k.charAt(0)) + k.substring(1);
            assertEquals(camel.path(c), m.path(k), k);
        }
        assertEquals(501, m.path("Level0Width").asInt());
        assertEquals(465, m.path("Level0Height").asInt());
        assertEquals(3, m.path("LevelCount").asInt());
        assertEquals(3, m.path("LevelWidths").size());
        assertEquals("test-image", m.path("FileName").asText());
    }

    @Test
    void rawRegionsMatchGetRawTile() throws Exception {
        JsonNode links = links(TestTokens.builder().rights(Right.CanGetPixels).sign(), TileFixture.STUDY);
        String base = base(metadataPath(links, TileFixture.SDK_IMAGE));
        // one whole native tile: the file's own JPEG, as GetRawTile gives it
        Response tile = given().get(base + "raw/0/128_128/128_128.jpeg");
        assertEquals(200, tile.statusCode(), tile.asString());
        assertEquals("image/jpeg", tile.contentType());
        assertEquals("passthrough", tile.header("X-Tile-Path"));
        byte[] viaApi = given().header("Authorization", DeepZoomTest.bearer()).queryParam("imageid", TileFixture.SDK_IMAGE)
                .queryParam("studyid", TileFixture.STUDY).queryParam("level", 0).queryParam("x", 128).queryParam("y", 128)
                .queryParam("width", 128).queryParam("height", 128).get("/Api/GetRawTile").asByteArray();
        assertArrayEquals(viaApi, tile.asByteArray());
        // a region of level 1 at level-0 coordinates, width and height in level pixels: rendered
        Response region = given().get(base + "raw/1/200_100/60_40.jpeg");
        assertEquals(200, region.statusCode(), region.asString());
        assertEquals("rendered", region.header("X-Tile-Path"));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(region.asByteArray()));
        assertEquals(60, img.getWidth());
        assertEquals(40, img.getHeight());
        byte[] regionViaApi = given().header("Authorization", DeepZoomTest.bearer()).queryParam("imageid", TileFixture.SDK_IMAGE)
                .queryParam("level", 1).queryParam("x", 200).queryParam("y", 100).queryParam("width", 60)
                .queryParam("height", 40).queryParam("jpegQuality", 80).get("/Api/GetRawTile").asByteArray();
        assertArrayEquals(regionViaApi, region.asByteArray());
        // the same on the Aperio slide (240 px tiles, RGB JPEG): a whole tile passes through
        String aperio = base(metadataPath(links, TileFixture.APERIO));
        Response aperioTile = given().get(aperio + "raw/0/240_480/240_240.jpeg");
        assertEquals(200, aperioTile.statusCode(), aperioTile.asString());
        assertEquals("passthrough", aperioTile.header("X-Tile-Path"));
        assertEquals(240, ImageIO.read(new ByteArrayInputStream(aperioTile.asByteArray())).getWidth());
    }

    @Test
    void badRequestsAndBadLinks() throws Exception {
        JsonNode links = links(TestTokens.builder().rights(Right.CanGetPixels).sign(), TileFixture.STUDY);
        String path = metadataPath(links, TileFixture.SDK_IMAGE);
        String base = base(path);
        String token = base.split("/")[3];
        // malformed region paths, a level the slide lacks, a region outside the image
        given().get(base + "raw/0/0_0/128.jpeg").then().statusCode(404);
        given().get(base + "raw/x/0_0/128_128.jpeg").then().statusCode(404);
        given().get(base + "raw/5/0_0/128_128.jpeg").then().statusCode(404)
                .body(equalTo("level 5 does not exist; the image has 3 levels"));
        given().get(base + "raw/0/9000_0/128_128.jpeg").then().statusCode(400).body(equalTo("x,y lie outside the image"));
        given().get(base + "raw/0/0_0/0_128.jpeg").then().statusCode(400);
        // another image's link, a changed signature, a Deep Zoom url part in its place
        given().get("/i/" + TileFixture.GENERIC + "/" + token + "/SlideScoreMetadata.json").then().statusCode(403);
        char last = token.charAt(token.length() - 1);
        String forged = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        given().get("/i/" + TileFixture.SDK_IMAGE + "/" + forged + "/SlideScoreMetadata.json").then().statusCode(403);
        String urlPart = JSON.readTree(given().header("Authorization", DeepZoomTest.bearer())
                .queryParam("imageid", TileFixture.SDK_IMAGE).get("/Api/GetTileServer").asString()).path("urlPart").asText();
        given().get("/i/" + TileFixture.SDK_IMAGE + "/" + urlPart + "/SlideScoreMetadata.json").then().statusCode(403);
        // an expired link: 503, which the extension reads as "get a new link"
        String expired = new TileTokens(secret.getBytes(StandardCharsets.UTF_8))
                .issueQupath(TileFixture.SDK_IMAGE, "some-token", Instant.now().minusSeconds(5));
        given().get("/i/" + TileFixture.SDK_IMAGE + "/" + expired + "/SlideScoreMetadata.json").then().statusCode(503);
        given().get("/i/" + TileFixture.SDK_IMAGE + "/" + expired + "/raw/0/0_0/128_128.jpeg").then().statusCode(503);
        // the valid link still works
        given().get(path).then().statusCode(200);
    }

    @Test
    void revokingTheApiTokenEndsItsLinks() throws Exception {
        TestTokens.Builder builder = TestTokens.builder().rights(Right.CanGetPixels);
        JsonNode links = links(builder.sign(), TileFixture.STUDY);
        JsonNode other = links(TestTokens.builder().rights(Right.CanGetPixels).sign(), TileFixture.STUDY);
        String path = metadataPath(links, TileFixture.SDK_IMAGE);
        given().get(path).then().statusCode(200);
        TileFixture.send(bootstrap, Topics.TOKEN_REVOKED, builder.id(), EventEnvelope.of("gateway",
                Map.of("tokenId", builder.id()), new TokenRevoked(builder.id(), Instant.now(),
                        Instant.now().plus(Duration.ofHours(1)), "test")).toJson());
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get(path).statusCode() == 403);
        given().get(path).then().body(equalTo("the API token behind this QuPath link has been revoked"));
        given().get(base(path) + "raw/0/0_0/128_128.jpeg").then().statusCode(403);
        // links of another token are not affected
        given().get(metadataPath(other, TileFixture.SDK_IMAGE)).then().statusCode(200);
    }

    @Test
    void rightsAndStudies() throws Exception {
        given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetScores)))
                .formParam("studyid", TileFixture.STUDY).get("/Api/GetQupathTokensForStudy").then().statusCode(200)
                .body(equalTo("{\"success\":false,\"log\":\"This API token lacks the right CanGetPixels\"}"));
        given().header("Authorization", TestTokens.bearer(TestTokens.builder().allRights().readOnlyStudies("12345").sign()))
                .formParam("studyid", TileFixture.STUDY).post("/Api/GetQupathTokensForStudy").then().statusCode(200)
                .body("success", equalTo(false)).body("log", org.hamcrest.Matchers.containsString("study"));
        assertTrue(links(TestTokens.builder().rights(Right.CanGetPixels).readOnlyStudies(TileFixture.STUDY_NAME).sign(),
                TileFixture.STUDY).path("success").asBoolean());
        given().header("Authorization", DeepZoomTest.bearer()).formParam("studyid", 999999)
                .get("/Api/GetQupathTokensForStudy").then().statusCode(200)
                .body(equalTo("{\"success\":false,\"log\":\"Study 999999 not found\"}"));
        given().header("Authorization", DeepZoomTest.bearer()).get("/Api/GetQupathTokensForStudy").then()
                .statusCode(200).body("success", equalTo(false));
        given().formParam("studyid", TileFixture.STUDY).get("/Api/GetQupathTokensForStudy").then().statusCode(401);
        // a study this service has not projected yet is read through from study-service
        JsonNode readThrough = links(TestTokens.builder().rights(Right.CanGetPixels).sign(),
                NeighbourServicesResource.READ_THROUGH_STUDY);
        assertEquals(1, readThrough.path("images").size(), readThrough.toString());
        Response m = given().get(metadataPath(readThrough, NeighbourServicesResource.READ_THROUGH_IMAGE));
        assertEquals(200, m.statusCode(), m.asString());
        assertEquals(501, JSON.readTree(m.asString()).path("Level0Width").asInt());
    }
}
