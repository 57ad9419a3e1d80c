package org.slidescore.study;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.ReimportCompleted;
import org.slidescore.events.ReimportRequested;
import org.slidescore.events.SlideInspected;
import org.slidescore.events.StudyChanged;
import org.slidescore.events.Topics;
import org.slidescore.study.messaging.ReimportReplies;
import org.slidescore.study.support.Api;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reimport through the real broker: snapshots on study-changed, slide-inspected results, concurrent requests. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class ReimportKafkaTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    /** Whether the slide-inspected event for {@code path} has reached the database. */
    private boolean inspected(String path) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             var st = c.prepareStatement("SELECT count(*) FROM slide_inspection WHERE path = ?")) {
            st.setString(1, path);
            try (var rs = st.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    private KafkaConsumer<String, String> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        c.subscribe(List.of(topic));
        return c;
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    @Test
    void studyChangedSnapshotIsPublishedThroughTheOutbox() {
        Api.write("study.Snap.emails", "s@example.com;viewonly\n");
        Api.write("study.Snap.scores", "Q\tFreeText\n");
        Api.copyTestImage("Snap/test-image.TiFF");
        long id = Api.post(TestTokens.builder().id("owner-token-1").allRights().sign(), "Reimport",
                "studyName", "Snap").body("success", equalTo(true)).extract().jsonPath().getLong("id");
        try (var c = consumer(Topics.STUDY_CHANGED)) {
            List<StudyChanged> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (String.valueOf(id).equals(r.key())) {
                        seen.add(EventEnvelope.fromJson(r.value()).dataAs(StudyChanged.class));
                    }
                });
                return !seen.isEmpty();
            });
            StudyChanged s = seen.get(0);
            assertEquals("Snap", s.name());
            assertEquals("owner-token-1", s.ownerTokenId());
            assertEquals(1, s.revision());
            assertEquals("test-image", s.images().get(0).name());
            assertEquals("Snap/test-image.TiFF", s.images().get(0).path());
            assertNotNull(s.images().get(0).caseId());
            assertEquals("FreeText", s.questions().get(0).type());
            assertEquals(List.of("viewonly"), s.users().get(0).rights());
            assertEquals("test-image", s.cases().get(0).name());
        }
    }

    @Test
    void unreadableSlideFailsUnlessErrorsAreIgnored() throws Exception {
        Api.write("study.Unreadable.scores", "Q\tFreeText\n");
        Api.copyTestImage("Unreadable/good.tif");
        Api.write("Unreadable/broken.svs", "not a slide");
        try (var p = producer()) {
            SlideInspected bad = new SlideInspected("Unreadable/broken.svs", false, null, null, null, null, null,
                    null, null, null, "not a TIFF file");
            p.send(new ProducerRecord<>(Topics.SLIDE_INSPECTED, bad.path(),
                    EventEnvelope.of("tile-service", Map.of("path", bad.path()), bad).toJson())).get(10, TimeUnit.SECONDS);
        }
        String jwt = TestTokens.all();
        await().atMost(Duration.ofSeconds(30)).until(() -> inspected("Unreadable/broken.svs"));
        Api.post(jwt, "Reimport", "studyName", "Unreadable").body("success", equalTo(false))
                .body("log", containsString("Error: image Unreadable/broken.svs (listed in folder Unreadable): the "
                        + "slide cannot be read: not a TIFF file"))
                .body("log", containsString("ignoreImageErrors=true"));
        long id = Api.post(jwt, "Reimport", "studyName", "Unreadable", "ignoreImageErrors", "true")
                .body("success", equalTo(true))
                .body("log", containsString("Skipped image Unreadable/broken.svs"))
                .extract().jsonPath().getLong("id");
        assertEquals(List.of("good"), Api.get(jwt, "Images", "studyid", id).extract().jsonPath().getList("name"));
    }

    @Test
    void tileServiceIsAskedWhenTheSlideIsNotKnownYet() {
        Api.write("study.AskTile.scores", "Q\tFreeText\n");
        Api.copyTestImage("AskTile/fine.tif");
        Api.copyTestImage("AskTile/unreadable-slide.tif");
        Api.copyTestImage("AskTile/tile-down.tif");
        String jwt = TestTokens.all();
        Api.post(jwt, "Reimport", "studyName", "AskTile").body("success", equalTo(false))
                .body("log", containsString("Error: image AskTile/unreadable-slide.tif (listed in folder AskTile): "
                        + "the slide cannot be read: no reader for this file"))
                .body("log", containsString("the tile service could not be asked about some slides; existing files "
                        + "were taken as readable"));
        long id = Api.post(jwt, "Reimport", "studyName", "AskTile", "ignoreImageErrors", "True")
                .body("success", equalTo(true)).extract().jsonPath().getLong("id");
        assertEquals(List.of("fine", "tile-down"),
                Api.get(jwt, "Images", "studyid", id).extract().jsonPath().getList("name"));
        // AddSlide asks too, and refuses what cannot be read, as a bare string
        String refused = Api.post(jwt, "AddSlide", "studyId", id, "path", "AskTile/unreadable-slide.tif")
                .extract().asString();
        assertEquals("\"The slide AskTile/unreadable-slide.tif cannot be read: no reader for this file\"", refused);
    }

    /**
     * Two Reimports of one new study from this instance and one from a second replica at the same time. The second
     * replica is a second {@link ReimportReplies} (what another study-service instance runs) plus a producer doing
     * what ReimportRequester does. Each waiting side gets its own reply, and the requests are applied one after the
     * other: exactly one creates the study and none fails or duplicates anything.
     */
    @Test
    void concurrentReimportsOfOneStudyAreSerialized() throws Exception {
        Api.write("study.Parallel.scores", "A\tFreeText\nB\tInteger\n");
        Api.write("study.Parallel.emails", "p@example.com\n");
        Api.copyTestImage("Parallel/one.tif");
        Api.copyTestImage("Parallel/two.tif");
        String jwt = TestTokens.all();
        String requestId = UUID.randomUUID().toString();
        ReimportReplies secondReplica = new ReimportReplies(bootstrap, Topics.REIMPORT_COMPLETED);
        secondReplica.startReading();
        try (var p = producer()) {
            assertTrue(secondReplica.awaitReady(Duration.ofSeconds(30)));
            CompletableFuture<ReimportCompleted> reply = secondReplica.expect(requestId);
            CompletableFuture<String> a = CompletableFuture.supplyAsync(
                    () -> Api.post(jwt, "Reimport", "studyName", "Parallel").extract().asString());
            CompletableFuture<String> b = CompletableFuture.supplyAsync(
                    () -> Api.post(jwt, "Reimport", "studyName", "Parallel").extract().asString());
            ReimportRequested req = new ReimportRequested(requestId, "Parallel", false, "replica-2", "second replica");
            p.send(new ProducerRecord<>(Topics.REIMPORT_REQUESTED, "Parallel",
                    EventEnvelope.of("test", Map.of(), req).toJson())).get(10, TimeUnit.SECONDS);
            ReimportCompleted fromKafka = reply.get(60, TimeUnit.SECONDS);
            List<String> logs = new ArrayList<>(List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS)));
            logs.add(fromKafka.log());
            assertTrue(fromKafka.success(), fromKafka.log());
            for (String l : logs.subList(0, 2)) {
                JsonPath j = JsonPath.from(l);
                assertTrue(j.getBoolean("success"), l);
                assertEquals(fromKafka.studyId(), j.getLong("id"));
            }
            assertEquals(1, logs.stream().filter(l -> l.contains("Created study Parallel")).count(), logs.toString());
            assertEquals(2, logs.stream().filter(l -> l.contains("Nothing changed")).count(), logs.toString());
            long id = fromKafka.studyId();
            assertEquals(List.of("one", "two"), Api.get(jwt, "Images", "studyid", id).extract().jsonPath()
                    .getList("name"));
            assertEquals(2, Api.get(jwt, "Questions", "studyid", id).extract().jsonPath().getList("$").size());
        } finally {
            secondReplica.stopReading();
        }
    }
}
