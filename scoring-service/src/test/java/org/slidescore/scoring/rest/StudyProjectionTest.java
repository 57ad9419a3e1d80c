package org.slidescore.scoring.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.ScoresSubmitted;
import org.slidescore.events.StudyChanged;
import org.slidescore.events.Topics;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "scoring"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class StudyProjectionTest {
    static final String ALL = TestTokens.all();

    static void send(StudyChanged s) {
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaResource.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            EventEnvelope env = EventEnvelope.of("study-service", Map.of("studyId", Long.toString(s.studyId())), s);
            producer.send(new ProducerRecord<>(Topics.STUDY_CHANGED, Long.toString(s.studyId()), env.toJson()));
            // The same event delivered twice must be applied once (it is; the second is skipped).
            producer.send(new ProducerRecord<>(Topics.STUDY_CHANGED, Long.toString(s.studyId()), env.toJson()));
            producer.flush();
        }
    }

    static StudyChanged withRevision(StudyChanged s, long revision, String questionName) {
        List<StudyChanged.Question> qs = new ArrayList<>(s.questions());
        qs.set(0, new StudyChanged.Question(qs.get(0).id(), questionName, "FreeText", null, 0));
        return new StudyChanged(s.studyId(), s.name(), s.ownerTokenId(), revision, Instant.now(), s.images(), qs,
                s.users(), s.cases(), s.tmaMaps());
    }

    static io.restassured.response.ValidatableResponse upload(StudyChanged s, String question) {
        return given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .formParam("studyid", s.studyId())
                .formParam("results", s.images().get(0).id() + "\ttest-image\t" + TestStudies.USER + "\t" + question + "\tv")
                .post("/Api/UploadResults").then().statusCode(200);
    }

    @Test
    void snapshotsFromKafkaReplaceOnlyWhenNewer() {
        StudyChanged s = TestStudies.resultsStudy("owner");   // not known to the fake study-service: Kafka only
        send(withRevision(s, 5, "Renamed question"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> upload(s, "Renamed question").body("success", equalTo(true)));

        // An older revision arrives late: ignored.
        send(withRevision(s, 3, "Old name"));
        // A newer one after it: applied. Waiting for it also proves the older one was consumed before.
        send(withRevision(s, 6, "Newest name"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> upload(s, "Newest name").body("success", equalTo(true)));
        upload(s, "Old name").body("success", equalTo(false)).body("log", startsWith("line 1: question \"Old name\""));
    }

    @Test
    void uploadsPublishScoresSubmittedThroughTheOutbox() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        upload(s, "Test question").body("success", equalTo(true));
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaResource.bootstrapServers());
        p.put("group.id", "test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.SCORES_SUBMITTED));
            List<ScoresSubmitted> mine = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(Long.toString(s.studyId()))) {
                        mine.add(EventEnvelope.fromJson(r.value()).dataAs(ScoresSubmitted.class));
                    }
                }
                return !mine.isEmpty();
            });
            assertEquals("UploadResults", mine.get(0).source());
            assertEquals(1, mine.get(0).answerCount());
            assertEquals(List.of(TestStudies.USER), mine.get(0).users());
        }
    }

    @Test
    void getStudiesUpdatedAcrossTime() {
        StudyChanged a = TestStudies.resultsStudy("owner");
        StudyChanged b = TestStudies.resultsStudy("owner");
        FakeStudyService.put(a);
        FakeStudyService.put(b);
        Instant before = Instant.now();
        upload(a, "Test question").body("success", equalTo(true));
        Instant between = Instant.now();
        upload(b, "Test question").body("success", equalTo(true));

        assertTrue(updated(ALL, before.toString()).containsAll(List.of((int) a.studyId(), (int) b.studyId())));
        List<Integer> sinceBetween = updated(ALL, between.toString());
        assertTrue(sinceBetween.contains((int) b.studyId()));
        assertTrue(!sinceBetween.contains((int) a.studyId()));
        // An offset instead of Z means the same instant.
        assertEquals(sinceBetween, updated(ALL, between.atOffset(java.time.ZoneOffset.ofHours(2)).toString()));
        assertTrue(updated(ALL, Instant.now().plusSeconds(3600).toString()).isEmpty());
        // Only readable studies are listed.
        String onlyA = TestTokens.builder().rights(Right.CanGetAnyScores).readOnlyStudies(a.name()).sign();
        List<Integer> readable = updated(onlyA, before.toString());
        assertTrue(readable.contains((int) a.studyId()));
        assertTrue(!readable.contains((int) b.studyId()));

        given().header("Authorization", TestTokens.bearer(ALL)).queryParam("since", "2024-05-01T12:00:00")
                .get("/Api/GetStudiesUpdated").then().statusCode(200).body("success", equalTo(false))
                .body("log", startsWith("Parameter since must name its time zone"));
        given().header("Authorization", TestTokens.bearer(ALL)).queryParam("since", "yesterday")
                .get("/Api/GetStudiesUpdated").then().statusCode(200).body("success", equalTo(false))
                .body("log", startsWith("Parameter since must be an ISO 8601 date and time with a zone"));
        given().header("Authorization", TestTokens.bearer(ALL)).get("/Api/GetStudiesUpdated").then().statusCode(200)
                .body("success", equalTo(false)).body("log", equalTo("Missing parameter since"));
    }

    static List<Integer> updated(String jwt, String since) {
        String body = given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                .contentType(ContentType.URLENC).formParam("since", since)
                .get("/Api/GetStudiesUpdated").then().statusCode(200).extract().asString();
        assertTrue(body.startsWith("{\"studyIDs\":["), body);
        return io.restassured.path.json.JsonPath.from(body).getList("studyIDs", Integer.class);
    }
}
