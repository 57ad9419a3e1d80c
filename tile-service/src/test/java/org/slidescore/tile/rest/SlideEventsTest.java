package org.slidescore.tile.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.SlideInspected;
import org.slidescore.events.SlideUploaded;
import org.slidescore.events.Topics;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** slide-uploaded → slide-inspected through the real broker and the outbox, and the synchronous inspect call. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "tile"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(NeighbourServicesResource.class)
class SlideEventsTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void fixture() throws Exception {
        TileFixture.ensure(bootstrap);
    }

    @Test
    void inspectEndpointDescribesReadableAndUnreadableFiles() throws Exception {
        given().contentType("application/json").body("{\"path\":\"tilestudy/aperio.svs\"}").post("/internal/inspect")
                .then().statusCode(200)
                .body("path", equalTo("tilestudy/aperio.svs")).body("readable", equalTo(true))
                .body("format", equalTo("aperio")).body("width", equalTo(3000)).body("height", equalTo(2000))
                .body("levelCount", equalTo(3)).body("mppX", equalTo(0.25f)).body("objectivePower", equalTo(40.0f))
                .body("error", nullValue());
        Files.writeString(TileFixture.ROOT.resolve("tilestudy/notes.txt"), "not a slide");
        given().contentType("application/json").body("{\"path\":\"tilestudy/notes.txt\"}").post("/internal/inspect")
                .then().statusCode(200).body("readable", equalTo(false))
                .body("error", equalTo("'notes.txt' is not in a slide format this server reads"));
        given().contentType("application/json").body("{\"path\":\"../../pom.xml\"}").post("/internal/inspect")
                .then().statusCode(200).body("readable", equalTo(false))
                .body("error", equalTo("the path lies outside the images root"));
        given().contentType("application/json").body("{\"file\":1}").post("/internal/inspect")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("\"path\""));
    }

    @Test
    void uploadedSlidesAreInspectedAndPublished() throws Exception {
        String path = "tilestudy/uploaded-" + UUID.randomUUID() + ".tif";
        Files.copy(TileFixture.generic.path(), TileFixture.ROOT.resolve(path));
        String broken = "tilestudy/broken-" + UUID.randomUUID() + ".svs";
        Files.write(TileFixture.ROOT.resolve(broken), new byte[]{'I', 'I', 42, 0, 100, 0, 0, 0});
        for (String p : List.of(path, broken)) {
            SlideUploaded u = new SlideUploaded(p, Files.size(TileFixture.ROOT.resolve(p)), "00", "tilestudy",
                    p.substring(p.indexOf('/') + 1), "token-1", SlideUploaded.FileKind.SLIDE, UUID.randomUUID().toString());
            TileFixture.send(bootstrap, Topics.SLIDE_UPLOADED, p,
                    EventEnvelope.of("upload-service", Map.of("path", p), u).toJson());
        }
        List<SlideInspected> seen = new ArrayList<>();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "inspected-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.SLIDE_INSPECTED));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope e = EventEnvelope.fromJson(r.value());
                    assertEquals("tile-service", e.producer());
                    SlideInspected s = e.dataAs(SlideInspected.class);
                    assertEquals(r.key(), s.path());
                    seen.add(s);
                }
                return seen.stream().anyMatch(s -> s.path().equals(path))
                        && seen.stream().anyMatch(s -> s.path().equals(broken));
            });
        }
        SlideInspected ok = seen.stream().filter(s -> s.path().equals(path)).findFirst().orElseThrow();
        assertTrue(ok.readable());
        assertEquals("generic-tiff", ok.format());
        assertEquals(1500L, ok.width());
        assertEquals(List.of(1.0, 2.0, 4.0, 1500 / 187.0), ok.downsamples());
        SlideInspected bad = seen.stream().filter(s -> s.path().equals(broken)).findFirst().orElseThrow();
        assertFalse(bad.readable());
        assertTrue(bad.error().contains("TIFF"), bad.error());
    }

    @Test
    void studySnapshotsReplaceTheProjection() throws Exception {
        // a newer revision of the study without the Aperio image, then an older one that must not win
        org.slidescore.events.StudyChanged newer = new org.slidescore.events.StudyChanged(990, "Moving study", "o", 5,
                java.time.Instant.now(), List.of(new org.slidescore.events.StudyChanged.Image(991, "img",
                "tilestudy/test-image.TiFF", null, null, null, 1, null)), List.of(), List.of(), List.of(), List.of());
        org.slidescore.events.StudyChanged older = new org.slidescore.events.StudyChanged(990, "Moving study", "o", 4,
                java.time.Instant.now(), List.of(), List.of(), List.of(), List.of(), List.of());
        TileFixture.send(bootstrap, Topics.STUDY_CHANGED, "990",
                EventEnvelope.of("study-service", Map.of("studyId", "990"), newer).toJson());
        TileFixture.send(bootstrap, Topics.STUDY_CHANGED, "990",
                EventEnvelope.of("study-service", Map.of("studyId", "990"), older).toJson());
        String auth = DeepZoomTest.bearer();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", auth)
                .queryParam("imageid", 991).get("/Api/GetImageMetadata").then().body("success", equalTo(true))
                .body("metadata.levelWidths", contains(501, 250, 125)));
        // the next study-changed for another study is applied after the older 990 revision: by then 991 must remain
        org.slidescore.events.StudyChanged marker = new org.slidescore.events.StudyChanged(992, "Marker", "o", 1,
                java.time.Instant.now(), List.of(new org.slidescore.events.StudyChanged.Image(993, "m",
                "tilestudy/test-image.TiFF", null, null, null, 1, null)), List.of(), List.of(), List.of(), List.of());
        TileFixture.send(bootstrap, Topics.STUDY_CHANGED, "992",
                EventEnvelope.of("study-service", Map.of("studyId", "992"), marker).toJson());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", auth)
                .queryParam("imageid", 993).get("/Api/GetImageMetadata").then().body("success", equalTo(true)));
        given().header("Authorization", auth).queryParam("imageid", 991).get("/Api/GetImageMetadata").then()
                .body("success", equalTo(true));
    }
}
