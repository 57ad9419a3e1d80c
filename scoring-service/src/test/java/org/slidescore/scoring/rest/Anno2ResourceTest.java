package org.slidescore.scoring.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.SlideUploaded;
import org.slidescore.events.StudyChanged;
import org.slidescore.events.Topics;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "scoring"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class Anno2ResourceTest {
    static final String ALL = TestTokens.all();

    @Test
    @SuppressWarnings("unchecked")
    void createAnno2ThenFinishedUploadBecomesTheAnswer() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        var created = given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .formParam("studyId", s.studyId()).formParam("imageId", imageId).formParam("question", "Test anno")
                .formParam("email", TestStudies.USER)
                .post("/Api/CreateAnno2").then().statusCode(200).body("success", equalTo(true))
                .body("annoUUID", matchesPattern("[0-9a-f-]{36}")).extract().jsonPath();
        String uuid = created.getString("annoUUID");
        assertEquals("upload-token-for-" + uuid + ".zip", created.getString("uploadToken"));
        assertTrue(FakeStudyService.UPLOAD_TOKEN_REQUESTS.stream().anyMatch(r -> r.contains("\"folder\":\"anno2\"")
                && r.contains(uuid + ".zip")));

        SlideUploaded uploaded = new SlideUploaded("anno2/" + uuid + ".zip", 1234, "ab".repeat(32), "anno2",
                uuid + ".zip", "tok", SlideUploaded.FileKind.ANNO2, "u1");
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaResource.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SLIDE_UPLOADED, uploaded.path(),
                    EventEnvelope.of("upload-service", Map.of("path", uploaded.path()), uploaded).toJson()));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> rows = given().header("Authorization", TestTokens.bearer(ALL))
                    .accept(ContentType.JSON).queryParam("studyid", s.studyId()).get("/Api/Scores")
                    .then().statusCode(200).extract().as(List.class);
            assertEquals(1, rows.size());
            assertEquals("anno2:" + uuid, rows.get(0).get("answer"));
            assertEquals("Test anno", rows.get(0).get("question"));
        });
        given().queryParam("imageId", imageId).queryParam("user", TestStudies.USER).get("/internal/annotations")
                .then().statusCode(200).body("annotations[0].value", equalTo("anno2:" + uuid))
                .body("annotations[0].anno2Path", equalTo("anno2/" + uuid + ".zip"));
    }

    @Test
    void finishAnno2UploadGoesToUploadService() {
        String uploadToken = given().header("Authorization", TestTokens.bearer(ALL)).post("/Api/CreateOrphanAnno2").then()
                .statusCode(200).extract().path("uploadToken");
        String uploadId = Anno2ConversionTest.tusUpload(uploadToken, ALL, new byte[] {1, 2, 3});
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("uploadToken", uploadToken)
                .formParam("uploadId", uploadId).post("/Api/FinishAnno2Upload").then().statusCode(200)
                .body(equalTo("{\"success\":true}"));
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("uploadToken", "nonsense")
                .formParam("uploadId", "abc123").post("/Api/FinishAnno2Upload").then().statusCode(200)
                .body("success", equalTo(false)).body("error", equalTo("Could not finish the upload: Unknown upload token"));
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("uploadToken", "upload-token-for-x.zip")
                .formParam("uploadId", "../x").post("/Api/FinishAnno2Upload").then().statusCode(200)
                .body("success", equalTo(false)).body("error", equalTo("uploadId must be the last part of the upload URL"));
    }

    @Test
    void orphanAndErrors() {
        given().header("Authorization", TestTokens.bearer(ALL)).post("/Api/CreateOrphanAnno2").then().statusCode(200)
                .body("success", equalTo(true)).body("uploadToken", startsWith("upload-token-for-"));
        given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetScores)))
                .post("/Api/CreateOrphanAnno2").then().statusCode(200)
                .body("success", equalTo(false)).body("error", equalTo("This API token lacks the right CanUploadScores"));
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("studyId", s.studyId())
                .formParam("imageId", imageId).formParam("question", "Test question").formParam("email", TestStudies.USER)
                .post("/Api/CreateAnno2").then().body("success", equalTo(false))
                .body("error", equalTo("Question \"Test question\" is not an annotation question"));
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("studyId", s.studyId())
                .formParam("imageId", imageId).formParam("email", TestStudies.USER)
                .post("/Api/CreateAnno2").then().body("success", equalTo(false)).body("error", equalTo("Give scoreId or question"));
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("studyId", s.studyId())
                .formParam("imageId", 1).formParam("question", "Test anno").formParam("email", TestStudies.USER)
                .post("/Api/CreateAnno2").then().body("success", equalTo(false))
                .body("error", equalTo("Image 1 is not in study " + s.name()));
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("imageId", imageId)
                .post("/Api/CreateAnno2").then().body("success", equalTo(false)).body("error", equalTo("Missing parameter studyId"));
    }
}
