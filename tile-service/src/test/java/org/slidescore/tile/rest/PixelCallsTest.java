package org.slidescore.tile.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;
import org.slidescore.tile.slide.PixelDiff;
import org.slidescore.tile.slide.TestSlides;
import org.slidescore.tile.slide.jpeg.ImageIoJpegCodec;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GetRawTile/GetImageTile, GetScreenshot and DownloadSlide as the SDK calls them (form body on GET). */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "tile"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(NeighbourServicesResource.class)
class PixelCallsTest {
    static final ImageIoJpegCodec JPEG = new ImageIoJpegCodec();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void fixture() throws Exception {
        TileFixture.ensure(bootstrap);
    }

    static io.restassured.specification.RequestSpecification sdk() {
        return given().header("Authorization", DeepZoomTest.bearer()).accept("application/json");
    }

    @Test
    void rawTileAsTheSdkTestAsksIt() {
        Response r = sdk().formParams(Map.of("studyid", TileFixture.STUDY, "imageId", TileFixture.SDK_IMAGE, "level", 0,
                "x", 50, "y", 50, "width", 250, "height", 250, "jpegQuality", 9)).get("/Api/GetRawTile");
        assertEquals(200, r.statusCode());
        assertEquals("image/jpeg", r.contentType());
        assertTrue(new String(r.asByteArray(), StandardCharsets.ISO_8859_1).contains("JFIF"));
    }

    @Test
    void rawTileOfExactlyOneNativeTilePassesThroughAndOtherRegionsAreRendered() throws Exception {
        Map<String, String> ts = DeepZoomTest.tileServer(TileFixture.GENERIC);
        byte[] dz = DeepZoomTest.tile(TileFixture.GENERIC, ts, "i_files", 10, 1, 1).asByteArray();
        // native level 1 (750x550), tile (1,1): level-0 coordinates 512,512
        byte[] raw = sdk().queryParam("imageid", TileFixture.GENERIC).queryParam("studyid", TileFixture.STUDY)
                .queryParam("level", 1).queryParam("x", 512).queryParam("y", 512).queryParam("width", 256)
                .queryParam("height", 256).get("/Api/GetImageTile").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(dz, raw);
        BufferedImage region = JPEG.decode(sdk().queryParam("imageid", TileFixture.GENERIC).queryParam("level", 0)
                .queryParam("x", 100).queryParam("y", 200).queryParam("width", 300).queryParam("height", 100)
                .queryParam("jpegQuality", 95).get("/Api/GetRawTile").asByteArray());
        assertEquals(300, region.getWidth());
        assertTrue(PixelDiff.mean(region, org.slidescore.testsupport.slides.SyntheticTissue.region(100, 200, 300, 100)) < 5);
    }

    @Test
    void rawTileErrorsAreSuccessFalseLog() {
        sdk().queryParam("imageid", TileFixture.SDK_IMAGE).queryParam("level", 7).queryParam("x", 0).queryParam("y", 0)
                .queryParam("width", 10).queryParam("height", 10).get("/Api/GetRawTile").then().statusCode(200)
                .body(equalTo("{\"success\":false,\"log\":\"level 7 does not exist; the image has 3 levels\"}"));
        sdk().queryParam("imageid", TileFixture.SDK_IMAGE).queryParam("level", 0).get("/Api/GetRawTile").then()
                .statusCode(200).body(equalTo("{\"success\":false,\"log\":\"Missing parameter x\"}"));
        sdk().queryParam("imageid", TileFixture.SDK_IMAGE).queryParam("studyid", 12345).queryParam("level", 0)
                .queryParam("x", 0).queryParam("y", 0).queryParam("width", 10).queryParam("height", 10)
                .get("/Api/GetRawTile").then().statusCode(200)
                .body(equalTo("{\"success\":false,\"log\":\"Image 701 not found in study 12345\"}"));
    }

    @Test
    void screenshotLevelIsClampedAndAnnotationsAreDrawn() throws Exception {
        Response plain = sdk().formParams(Map.of("imageid", TileFixture.SDK_IMAGE, "level", 14, "showScalebar", "false"))
                .get("/Api/GetScreenshot");
        assertEquals(200, plain.statusCode());
        BufferedImage whole = JPEG.decode(plain.asByteArray());
        assertEquals(501, whole.getWidth());
        assertEquals(465, whole.getHeight());
        Response annotated = sdk().formParams(Map.of("imageid", TileFixture.SDK_IMAGE, "level", 14,
                "withAnnotationForUser", NeighbourServicesResource.ANNOTATOR, "question", "Tumour",
                "showScalebar", "false")).get("/Api/GetScreenshot");
        assertEquals(200, annotated.statusCode());
        assertTrue(annotated.asByteArray().length > 1024);
        BufferedImage drawn = JPEG.decode(annotated.asByteArray());
        // the polygon's first edge runs from (50,50) to (400,60): green there now
        int p = drawn.getRGB(225, 55);
        assertTrue(((p >> 8) & 255) > 150 && ((p >> 16) & 255) < 120, Integer.toHexString(p));
        assertTrue(PixelDiff.mean(whole, drawn) > 0.05);
    }

    @Test
    void screenshotRegionAtALowerLevel() throws Exception {
        // level 11 of the 3000x2000 Aperio slide is half size; region 1000x600 at 200,300 -> 500x300
        BufferedImage img = JPEG.decode(sdk().queryParam("imageid", TileFixture.APERIO).queryParam("level", 11)
                .queryParam("x", 200).queryParam("y", 300).queryParam("width", 1000).queryParam("height", 600)
                .get("/Api/GetScreenshot").then().statusCode(200).extract().asByteArray());
        assertEquals(500, img.getWidth());
        assertEquals(300, img.getHeight());
    }

    @Test
    void screenshotRefusals() {
        sdk().queryParam("imageid", TileFixture.SDK_IMAGE).queryParam("level", 9)
                .queryParam("withAnnotationForUser", NeighbourServicesResource.ANNOTATOR).queryParam("question", "Unknown")
                .get("/Api/GetScreenshot").then().statusCode(200)
                .body("success", equalTo(false)).body("log", containsString("question \"Unknown\" is not in study 77"));
        sdk().queryParam("imageid", TileFixture.SDK_IMAGE).queryParam("level", 9).queryParam("x", 600)
                .queryParam("y", 0).queryParam("width", 10).queryParam("height", 10)
                .get("/Api/GetScreenshot").then().statusCode(200).body("log", containsString("outside the image"));
    }

    @Test
    void downloadSlideStreamsTheFileWithItsName() throws Exception {
        Response r = sdk().formParams(Map.of("studyid", TileFixture.STUDY, "imageid", TileFixture.SDK_IMAGE))
                .get("/Api/DownloadSlide");
        assertEquals(200, r.statusCode());
        assertTrue(r.header("Content-Disposition").startsWith("attachment; filename=\"test-image.TiFF\""),
                r.header("Content-Disposition"));
        assertArrayEquals(Files.readAllBytes(TestSlides.sdkTestImage()), r.asByteArray());
    }

    @Test
    void healthShowsCodecAndReaders() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'slide-readers' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'slide-readers' }.data.jpegCodec", containsString("")) ;
    }

    @Test
    void requestTimersByEndpointAndPath() {
        Map<String, String> ts = DeepZoomTest.tileServer(TileFixture.SDK_IMAGE);
        DeepZoomTest.tile(TileFixture.SDK_IMAGE, ts, "i_files", 9, 0, 0);
        DeepZoomTest.tile(TileFixture.SDK_IMAGE, ts, "i_files", 9, 3, 3);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("slidescore_tile_request_seconds_count{endpoint=\"tile\",path=\"fast\"}"))
                .body(containsString("slidescore_tile_request_seconds_count{endpoint=\"tile\",path=\"slow\"}"))
                // the slow tile went through the encoded-tile cache, whose statistics are recorded
                .body(matchesPattern("(?s).*\ncache_gets_total\\{cache=\"tiles\",result=\"miss\"\\} [1-9][0-9]*(\\.[0-9]+)?(E[0-9]+)?\n.*"));
    }

    @Test
    void apiCallsNeedAToken() {
        given().queryParam("imageid", TileFixture.SDK_IMAGE).get("/Api/GetImageMetadata").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer(TestTokens.expired())).queryParam("imageid", TileFixture.SDK_IMAGE)
                .get("/Api/GetTileServer").then().statusCode(401);
    }
}
