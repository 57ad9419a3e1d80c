package org.slidescore.tile.rest;

import io.restassured.response.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.StudyChanged;
import org.slidescore.events.Topics;
import org.slidescore.testsupport.TestTokens;
import org.slidescore.testsupport.slides.TestSlide;
import org.slidescore.tile.slide.TestSlides;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * The slides and the study every pixel test uses, set up once per test JVM: files under the test images root and a
 * {@code study-changed} snapshot sent through the real broker to the service's projection.
 */
final class TileFixture {
    static final long STUDY = 77;
    static final String STUDY_NAME = "Tile study";
    static final long SDK_IMAGE = 701;
    static final long GENERIC = 702;
    static final long APERIO = 703;
    /** In the study, but its file is not on disk. */
    static final long MISSING = 704;
    static final Path ROOT = Path.of("target/test-images");

    static TestSlide.Written generic;
    static TestSlide.Written aperio;
    private static boolean ready;

    private TileFixture() {
    }

    static synchronized void ensure(String bootstrap) throws Exception {
        if (ready) {
            return;
        }
        Path dir = ROOT.resolve("tilestudy");
        Files.createDirectories(dir);
        Files.createDirectories(ROOT.resolve("other"));
        Files.copy(TestSlides.sdkTestImage(), dir.resolve("test-image.TiFF"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(TestSlides.sdkTestImage(), ROOT.resolve("other/copy.TiFF"), StandardCopyOption.REPLACE_EXISTING);
        generic = TestSlide.builder(1500, 1100).write(dir.resolve("generic.tif"));
        aperio = TestSlide.builder(3000, 2000).flavour(TestSlide.Flavour.APERIO).levelFactor(4).tileSize(240)
                .rgbJpeg(true).write(dir.resolve("aperio.svs"));
        StudyChanged study = new StudyChanged(STUDY, STUDY_NAME, "owner", 1, Instant.now(), List.of(
                image(SDK_IMAGE, "test-image", "tilestudy/test-image.TiFF"),
                image(GENERIC, "generic", "tilestudy/generic.tif"),
                image(APERIO, "aperio", "tilestudy/aperio.svs"),
                new StudyChanged.Image(MISSING, "missing", "tilestudy/missing.svs", null, null, null, 0, null)), List.of(), List.of(), List.of(), List.of());
        send(bootstrap, Topics.STUDY_CHANGED, Long.toString(STUDY),
                EventEnvelope.of("study-service", Map.of("studyId", Long.toString(STUDY)), study).toJson());
        String token = TestTokens.all();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Response r = given().header("Authorization", TestTokens.bearer(token)).queryParam("imageid", APERIO)
                    .get("/Api/GetImageMetadata");
            return r.statusCode() == 200 && r.asString().contains("\"success\":true");
        });
        ready = true;
    }

    private static StudyChanged.Image image(long id, String name, String path) throws Exception {
        return new StudyChanged.Image(id, name, path, null, null, null, Files.size(ROOT.resolve(path)), null);
    }

    static void send(String bootstrap, String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }
}
