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

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenSeadragon viewer pages and the requests their script makes (bundled script, .dzi, tiles). */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "tile"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(NeighbourServicesResource.class)
class ViewerTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void fixture() throws Exception {
        TileFixture.ensure(bootstrap);
    }

    @Test
    void generatedSlideFileLinkOpensAViewerWhoseSourceServesTiles() {
        String link = given().header("Authorization", DeepZoomTest.bearer()).formParam("filename", "tilestudy/generic.tif")
                .formParam("user", "someone@example.com").post("/Api/GenerateSlideFileURL").then().statusCode(200)
                .body("success", equalTo(true)).body("link", startsWith("/i/file/")).extract().path("link");
        String page = given().get(link).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("openseadragon")).extract().asString();
        assertTrue(page.contains("src=\"/i/_viewer/openseadragon/openseadragon.min.js\""), page);
        given().get("/i/_viewer/openseadragon/openseadragon.min.js").then().statusCode(200)
                .body(containsString("OpenSeadragon"));
        given().get("/i/_viewer/openseadragon/images/zoomin_rest.png").then().statusCode(200);
        String base = link.substring(0, link.length() - "view".length());
        given().get(base + "i.dzi").then().statusCode(200).body(containsString("TileSize=\"256\""))
                .body(containsString("Width=\"1500\""));
        Response tile = given().get(base + "i_files/11/0_0.jpeg");
        assertEquals(200, tile.statusCode());
        assertEquals("image/jpeg", tile.contentType());
        given().get(link.replace("/i/file/", "/i/file/x")).then().statusCode(403);
    }

    @Test
    void slideFileLinksStayInsideTheAllowedRoots() {
        given().header("Authorization", DeepZoomTest.bearer()).formParam("filename", "../../pom.xml")
                .post("/Api/GenerateSlideFileURL").then().statusCode(200)
                .body(equalTo("{\"success\":false,\"log\":\"The file must lie inside the images root or an allowed slide folder\"}"));
        given().header("Authorization", DeepZoomTest.bearer()).formParam("filename", "/etc/passwd")
                .post("/Api/GenerateSlideFileURL").then().statusCode(200).body("success", equalTo(false));
        given().header("Authorization", DeepZoomTest.bearer()).formParam("filename", "tilestudy/missing.svs")
                .post("/Api/GenerateSlideFileURL").then().statusCode(200)
                .body("log", equalTo("The file cannot be shown: the slide file does not exist"));
        given().header("Authorization", TestTokens.bearer(TestTokens.builder().allRights().readOnlyStudies("77").sign()))
                .formParam("filename", "tilestudy/generic.tif").post("/Api/GenerateSlideFileURL").then()
                .body("success", equalTo(false)).body("log", containsString("may read only some studies"));
        given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetScores)))
                .formParam("filename", "tilestudy/generic.tif").post("/Api/GenerateSlideFileURL").then()
                .body("log", equalTo("This API token lacks the right CanGetPixels"));
    }

    @Test
    void imageDetailsPageCarriesATileLinkAndItsCookie() {
        given().get("/Image/Details?imageId=" + TileFixture.SDK_IMAGE + "&studyId=" + TileFixture.STUDY)
                .then().statusCode(401);
        Response page = given().header("Authorization", DeepZoomTest.bearer())
                .get("/Image/Details?imageId=" + TileFixture.SDK_IMAGE + "&studyId=" + TileFixture.STUDY);
        assertEquals(200, page.statusCode());
        Matcher m = Pattern.compile("tileSources: \"(/i/701/[^\"]+/i\\.dzi)\"").matcher(page.asString());
        assertTrue(m.find(), page.asString());
        String cookie = page.getCookie("t");
        Response dzi = given().cookie("t", cookie).get(m.group(1));
        assertEquals(200, dzi.statusCode(), m.group(1) + " -> " + dzi.asString());
        assertTrue(dzi.asString().contains("Width=\"501\""));
        given().header("Authorization", TestTokens.bearer(TestTokens.builder().allRights().readOnlyStudies("5").sign()))
                .get("/Image/Details?imageId=" + TileFixture.SDK_IMAGE).then().statusCode(403);
    }
}
