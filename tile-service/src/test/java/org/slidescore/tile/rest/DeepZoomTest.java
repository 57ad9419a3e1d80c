package org.slidescore.tile.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;
import org.slidescore.testsupport.slides.SyntheticTissue;
import org.slidescore.tile.deepzoom.TileTokens;
import org.slidescore.tile.slide.PixelDiff;
import org.slidescore.tile.slide.jpeg.ImageIoJpegCodec;
import org.slidescore.tile.slide.jpeg.Pictures;
import org.slidescore.tile.slide.tiff.TiffSlideReader;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "tile"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(NeighbourServicesResource.class)
class DeepZoomTest {
    static final ImageIoJpegCodec JPEG = new ImageIoJpegCodec();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    TileTokens tileTokens;

    @BeforeEach
    void fixture() throws Exception {
        TileFixture.ensure(bootstrap);
    }

    static String bearer() {
        return TestTokens.bearer(TestTokens.all());
    }

    /** GetTileServer's answer for an image: urlPart, cookiePart, expiresOn. */
    static Map<String, String> tileServer(long imageId) {
        return given().header("Authorization", bearer()).queryParam("imageId", imageId).get("/Api/GetTileServer")
                .then().statusCode(200).extract().jsonPath().getMap("");
    }

    static Response tile(long imageId, Map<String, String> ts, String files, int level, long col, long row) {
        return given().cookie("t", ts.get("cookiePart"))
                .get("/i/" + imageId + "/" + ts.get("urlPart") + "/" + files + "/" + level + "/" + col + "_" + row + ".jpeg");
    }

    @Test
    void metadataOfTheSdkTestImage() {
        given().header("Authorization", bearer()).accept("application/json").formParam("imageid", TileFixture.SDK_IMAGE)
                .when().get("/Api/GetImageMetadata").then().statusCode(200)
                .body("success", equalTo(true))
                .body("metadata.level0Width", equalTo(501))
                .body("metadata.level0Height", equalTo(465))
                .body("metadata.level0TileWidth", equalTo(128))
                .body("metadata.level0TileHeight", equalTo(128))
                .body("metadata.osdTileSize", equalTo(128))
                .body("metadata.levelCount", equalTo(3))
                .body("metadata.zLayerCount", equalTo(1))
                .body("metadata.levelWidths", contains(501, 250, 125))
                .body("metadata.levelHeights", contains(465, 232, 116))
                .body("metadata.downsamples[0]", equalTo(1.0f))
                .body("metadata.boundsWidth", equalTo(501))
                .body("metadata.fileName", equalTo("test-image"))
                .body("metadata.mppX", equalTo(0.0f));
    }

    @Test
    void metadataOfAnAperioSlide() {
        given().header("Authorization", bearer()).queryParam("imageId", TileFixture.APERIO)
                .get("/Api/GetImageMetadata").then().statusCode(200)
                .body("metadata.mppX", equalTo(0.25f))
                .body("metadata.objectivePower", equalTo(40.0f))
                .body("metadata.levelWidths", contains(3000, 750, 187))
                .body("metadata.osdTileSize", equalTo(240));
    }

    @Test
    void tileServerLinksServeTheDziAndTilesWithTheSdkExpectations() {
        Map<String, String> ts = tileServer(TileFixture.SDK_IMAGE);
        assertTrue(ts.get("expiresOn").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"), ts.get("expiresOn"));
        given().cookie("t", ts.get("cookiePart")).get("/i/" + TileFixture.SDK_IMAGE + "/" + ts.get("urlPart") + "/i.dzi")
                .then().statusCode(200)
                .body(containsString("xmlns=\"http://schemas.microsoft.com/deepzoom/2008\""))
                .body(containsString("TileSize=\"128\" Overlap=\"0\" Format=\"jpeg\""))
                .body(containsString("<Size Width=\"501\" Height=\"465\"/>"));
        // max level 9 = full resolution, 4x4 tiles of 128; the first passes through
        Response first = tile(TileFixture.SDK_IMAGE, ts, "i_files", 9, 0, 0);
        assertEquals(200, first.statusCode());
        byte[] b = first.asByteArray();
        assertEquals(0xFF, b[0] & 0xff);
        assertEquals(0xD8, b[1] & 0xff);
        assertEquals(0xFF, b[2] & 0xff);
        assertEquals("passthrough", first.header("X-Tile-Path"));
        assertNotEquals(200, tile(TileFixture.SDK_IMAGE, ts, "i_files", 9, 4, 0).statusCode());
        assertNotEquals(200, tile(TileFixture.SDK_IMAGE, ts, "i_files", 9, 0, 4).statusCode());
        assertEquals(404, tile(TileFixture.SDK_IMAGE, ts, "i_files", 10, 0, 0).statusCode());
        // the same tile under /_files/ (SDK get_image_server_url) and without the cookie
        given().get("/i/" + TileFixture.SDK_IMAGE + "/" + ts.get("urlPart") + "/_files/9/0_0.jpeg").then()
                .statusCode(200);
    }

    @Test
    void edgeTilesAreCroppedAndLevelZeroIsOnePixel() throws Exception {
        Map<String, String> ts = tileServer(TileFixture.SDK_IMAGE);
        Response edge = tile(TileFixture.SDK_IMAGE, ts, "i_files", 9, 3, 3);
        assertEquals(200, edge.statusCode());
        assertEquals("rendered", edge.header("X-Tile-Path"));
        BufferedImage img = JPEG.decode(edge.asByteArray());
        assertEquals(117, img.getWidth());
        assertEquals(81, img.getHeight());
        // level 8 is 251x233 in Deep Zoom but 250x232 in the file: the edge tile is 123x105
        BufferedImage l8 = JPEG.decode(tile(TileFixture.SDK_IMAGE, ts, "_files", 8, 1, 1).asByteArray());
        assertEquals(123, l8.getWidth());
        assertEquals(105, l8.getHeight());
        BufferedImage l0 = JPEG.decode(tile(TileFixture.SDK_IMAGE, ts, "_files", 0, 0, 0).asByteArray());
        assertEquals(1, l0.getWidth());
        assertEquals(1, l0.getHeight());
    }

    @Test
    void passthroughTilesDecodePixelIdenticalToTheDecodedPath() throws Exception {
        Map<String, String> ts = tileServer(TileFixture.GENERIC);
        try (TiffSlideReader reader = TiffSlideReader.open(TileFixture.generic.path(), JPEG)) {
            // level 11 is full resolution (1500x1100), level 10 the file's second level (750x550)
            for (int[] t : new int[][]{{11, 2, 1}, {11, 4, 3}, {10, 1, 1}}) {
                Response r = tile(TileFixture.GENERIC, ts, "i_files", t[0], t[1], t[2]);
                assertEquals("passthrough", r.header("X-Tile-Path"));
                BufferedImage served = JPEG.decode(r.asByteArray());
                BufferedImage decoded = reader.readRegion(11 - t[0], t[1] * 256L, t[2] * 256L, 256, 256);
                assertArrayEquals(Pictures.pixels(decoded), Pictures.pixels(served), "tile " + t[0] + "/" + t[1] + "_" + t[2]);
            }
        }
    }

    @Test
    void levelsMissingFromTheFileAreRenderedCloseToAReference() throws Exception {
        Map<String, String> ts = tileServer(TileFixture.APERIO);
        // Aperio pyramid is /4: Deep Zoom level 11 (scale 2) is not in the file
        Response r = tile(TileFixture.APERIO, ts, "i_files", 11, 2, 1);
        assertEquals(200, r.statusCode());
        assertEquals("rendered", r.header("X-Tile-Path"));
        BufferedImage served = JPEG.decode(r.asByteArray());
        assertEquals(240, served.getWidth());
        BufferedImage reference = Pictures.downscale(SyntheticTissue.region(2 * 480, 480, 480, 480), 240, 240);
        double diff = PixelDiff.mean(served, reference);
        assertTrue(diff < 6, "mean difference " + diff);
        // the full-resolution RGB tiles pass through with their Adobe marker
        Response full = tile(TileFixture.APERIO, ts, "i_files", 12, 3, 2);
        assertEquals("passthrough", full.header("X-Tile-Path"));
        assertEquals(0xEE, full.asByteArray()[3] & 0xff);
        assertTrue(PixelDiff.mean(JPEG.decode(full.asByteArray()), SyntheticTissue.region(720, 480, 240, 240)) < 5);
    }

    @Test
    void renderedTilesCarryEtagAndCacheControlAndAnswer304() {
        Map<String, String> ts = tileServer(TileFixture.SDK_IMAGE);
        Response r = tile(TileFixture.SDK_IMAGE, ts, "i_files", 7, 0, 0);
        String etag = r.header("ETag");
        assertTrue(etag != null && etag.startsWith("\""));
        assertTrue(r.header("Cache-Control").contains("max-age"));
        given().cookie("t", ts.get("cookiePart")).header("If-None-Match", etag)
                .get("/i/" + TileFixture.SDK_IMAGE + "/" + ts.get("urlPart") + "/i_files/7/0_0.jpeg")
                .then().statusCode(304);
    }

    @Test
    void wrongLinksAre403AndExpiredOnes503() {
        Map<String, String> ts = tileServer(TileFixture.SDK_IMAGE);
        // a link of another image
        assertEquals(403, given().get("/i/" + TileFixture.GENERIC + "/" + ts.get("urlPart") + "/i_files/9/0_0.jpeg")
                .statusCode());
        assertEquals(403, given().get("/i/" + TileFixture.SDK_IMAGE + "/nonsense/i_files/9/0_0.jpeg").statusCode());
        // a cookie of another link
        assertEquals(403, given().cookie("t", tileServer(TileFixture.GENERIC).get("cookiePart"))
                .get("/i/" + TileFixture.SDK_IMAGE + "/" + ts.get("urlPart") + "/i_files/9/0_0.jpeg").statusCode());
        TileTokens.Issued old = tileTokens.issue(TileFixture.SDK_IMAGE, Instant.now().minusSeconds(5));
        given().cookie("t", old.cookiePart()).get("/i/" + TileFixture.SDK_IMAGE + "/" + old.urlPart() + "/i_files/9/0_0.jpeg")
                .then().statusCode(503);
        given().get("/i/" + TileFixture.SDK_IMAGE + "/" + old.urlPart() + "/i.dzi").then().statusCode(503);
    }

    @Test
    void missingFilesAreClearErrorsAndTileNotFound() {
        given().header("Authorization", bearer()).queryParam("imageid", TileFixture.MISSING).get("/Api/GetImageMetadata")
                .then().statusCode(200).body(equalTo("{\"success\":false,\"log\":\"Image 704 cannot be read: the slide "
                        + "file does not exist\"}"));
        Map<String, String> ts = tileServer(TileFixture.MISSING);
        Response r = tile(TileFixture.MISSING, ts, "i_files", 1, 0, 0);
        assertEquals(404, r.statusCode());
        assertEquals("Image 704 cannot be read: the slide file does not exist", r.asString());
    }

    @Test
    void unknownImagesAreReadThroughFromStudyService() {
        given().header("Authorization", bearer()).queryParam("imageid", NeighbourServicesResource.READ_THROUGH_IMAGE)
                .get("/Api/GetImageMetadata").then().statusCode(200)
                .body("success", equalTo(true)).body("metadata.level0Width", equalTo(501))
                .body("metadata.fileName", equalTo("copy"));
        given().header("Authorization", bearer()).queryParam("imageid", 99999).get("/Api/GetImageMetadata")
                .then().statusCode(200).body(equalTo("{\"success\":false,\"log\":\"Image 99999 not found\"}"));
    }
}
