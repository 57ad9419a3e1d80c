package org.slidescore.scoring.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.events.StudyChanged;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UploadASAPAnnotations with the rights it needs and no more (CanUploadScores, modify access): the question for an
 * unmapped colour is created through study-service's internal annotation-questions endpoint, which gets the caller's own
 * token to check; what study-service refuses becomes the upload's log.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "scoring"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class AsapQuestionCreationTest {
    static final String SCORER = TestTokens.with(Right.CanUploadScores);

    static io.restassured.response.ValidatableResponse upload(String jwt, long imageId) {
        return given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                .formParam("imageId", imageId).formParam("user", TestStudies.USER)
                .formParam("asapAnnotation", AsapResourceTest.SDK_SAMPLE)
                .formParam("questionsMap", "#e6194b;Test anno")
                .post("/Api/UploadASAPAnnotations").then().statusCode(200);
    }

    @Test
    void aTokenWithCanUploadScoresOnlyGetsItsImportedQuestion() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        upload(SCORER, s.images().get(0).id()).body("success", equalTo(true))
                .body("log", startsWith("Imported 2 annotations into "))
                .body("log", containsString("Test anno (1)"))
                .body("log", containsString("Imported annotation #1 (1)"));
        assertTrue(FakeStudyService.ADDED_QUESTION_SPECS.contains("Imported annotation #1\tAnnoShapes\t#000000"),
                FakeStudyService.ADDED_QUESTION_SPECS.toString());
        assertEquals("Bearer " + SCORER, FakeStudyService.ADDED_QUESTION_AUTHORIZATIONS
                .get(FakeStudyService.ADDED_QUESTION_AUTHORIZATIONS.size() - 1), "the caller's own token goes along");
    }

    @Test
    void whatStudyServiceRefusesIsTheUploadsLog() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        FakeStudyService.questionRefusal = "This API token may not modify study " + s.name();
        try {
            upload(SCORER, s.images().get(0).id()).body("success", equalTo(false))
                    .body("log", equalTo("Could not create the question for unmapped colours: This API token may not "
                            + "modify study " + s.name()));
        } finally {
            FakeStudyService.questionRefusal = null;
        }
        // nothing was stored: the whole upload is refused
        given().header("Authorization", TestTokens.bearer(TestTokens.all())).accept(ContentType.JSON)
                .queryParam("studyid", s.studyId()).get("/Api/Scores").then().statusCode(200)
                .body(containsString("[]"));
    }
}
