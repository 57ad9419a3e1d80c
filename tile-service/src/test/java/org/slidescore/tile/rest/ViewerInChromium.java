package org.slidescore.tile.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;

import org.slidescore.tile.rest.ServedRequests.Served;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer page of a {@code GenerateSlideFileURL} link in a real browser (Debian {@code chromium}, headless):
 * OpenSeadragon loads from the jar, opens the slide's Deep Zoom source and fetches its tiles, which the service
 * answers with 200 (counted on the server by {@link ServedRequests}).
 *
 * <p>Not named {@code *Test}: Surefire runs it through the {@code chromium} profile of this module's pom, which is
 * active where {@code /usr/bin/chromium} exists (CI installs the package; see the README's test section).
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "tile"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(NeighbourServicesResource.class)
class ViewerInChromium {
    /** OpenSeadragon's own view: script loaded, one image opened, every tile it wants for the view drawn. */
    private static final String STATE = """
            (() => {
              if (typeof OpenSeadragon !== 'function') return {state: 'no OpenSeadragon'};
              if (!window.viewer || viewer.world.getItemCount() !== 1) return {state: 'no image yet'};
              const item = viewer.world.getItemAt(0);
              return {state: item.getFullyLoaded() ? 'loaded' : 'loading', version: OpenSeadragon.version.versionStr,
                      width: item.source.dimensions.x, height: item.source.dimensions.y,
                      tileSize: item.source.getTileWidth(0)};
            })()""";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void fixture() throws Exception {
        TileFixture.ensure(bootstrap);
    }

    private static List<Served> served(String prefix) {
        return ServedRequests.served(prefix);
    }

    @Test
    void openSeadragonLoadsTheSlideAndItsTilesAreServed() throws Exception {
        String link = given().header("Authorization", DeepZoomTest.bearer()).formParam("filename", "tilestudy/generic.tif")
                .formParam("user", "someone@example.com").post("/Api/GenerateSlideFileURL").then().statusCode(200)
                .body("success", equalTo(true)).extract().path("link");
        String base = link.substring(0, link.length() - "view".length());
        String tiles = base + "i_files/";
        ServedRequests.watch(base);
        ServedRequests.watch("/i/_viewer/");
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.call("Network.enable", Map.of());
            chromium.call("Page.enable", Map.of());
            String url = root.toString().replaceAll("/$", "") + link;
            JsonNode navigated = chromium.call("Page.navigate", Map.of("url", url));
            assertTrue(navigated.path("errorText").isMissingNode(), "navigation failed: " + navigated);

            JsonNode state = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                state = chromium.evaluate(STATE);
                if ("loaded".equals(state.path("state").asText())) {
                    break;
                }
                Thread.sleep(250);
            }
            String seen = "browser state " + state + "; server saw " + ServedRequests.served(base)
                    + "; browser output:\n" + chromium.output();
            assertEquals("loaded", state.path("state").asText(), seen);
            assertEquals("6.1.1", state.path("version").asText(), seen);
            assertEquals(1500, state.path("width").asInt(), seen);
            assertEquals(1100, state.path("height").asInt(), seen);
            assertEquals(256, state.path("tileSize").asInt(), seen);

            // the browser's own record: the page, the descriptor and the tiles came back 200
            List<String> tileResponses = new ArrayList<>();
            for (JsonNode r : chromium.events("Network.responseReceived")) {
                String u = r.path("response").path("url").asText();
                if (u.contains(tiles)) {
                    tileResponses.add(r.path("response").path("status").asInt() + " " + u);
                }
            }
            assertTrue(!tileResponses.isEmpty(), "the browser received no tiles; " + seen);
            assertTrue(tileResponses.stream().allMatch(s -> s.startsWith("200 ")), tileResponses.toString());
        }

        // the server's record (an end handler may run just after the browser has the bytes: wait a little)
        await().atMost(Duration.ofSeconds(30)).until(() -> served(base).contains(new Served(base + "i.dzi", 200))
                && !served("/i/_viewer/").isEmpty());
        List<Served> served = served(base);
        List<Served> viewer = served("/i/_viewer/");
        ServedRequests.unwatch(base);
        ServedRequests.unwatch("/i/_viewer/");
        assertTrue(served.contains(new Served(base + "view", 200)), served.toString());
        assertTrue(viewer.contains(new Served("/i/_viewer/openseadragon/openseadragon.min.js", 200)), viewer.toString());
        List<Served> tileRequests = served.stream().filter(s -> s.path().startsWith(tiles)).toList();
        assertTrue(!tileRequests.isEmpty(), "no tile requests reached the service: " + served);
        assertTrue(tileRequests.stream().allMatch(s -> s.status() == 200), tileRequests.toString());
        assertTrue(tileRequests.stream().allMatch(s -> s.path().matches(Pattern.quote(tiles) + "[0-9]+/[0-9]+_[0-9]+\\.jpeg")),
                tileRequests.toString());
    }
}
