package org.slidescore.study;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.study.support.Api;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code POST /internal/studies/{id}/annotation-questions}: how scoring-service's UploadASAPAnnotations creates the
 * questions for unmapped colours with the caller's own token. The token needs what that import needs
 * ({@code CanUploadScores} and modify access to the study), not {@code CanReimportStudies}; the public AddQuestion
 * still refuses such a token. Errors are RFC 7807 problem details.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class InternalAnnotationQuestionsTest {
    /** What UploadASAPAnnotations needs: CanUploadScores; nothing that configures studies. */
    static final String SCORER = TestTokens.with(Right.CanUploadScores);
    private static long studyId;

    @BeforeEach
    void study() {
        if (studyId != 0) {
            return;
        }
        Api.write("study.AsapTarget.scores", "Tumour\tAnnoShapes\t#FF0000\n");
        Api.copyTestImage("AsapTarget/test-image.TiFF");
        studyId = Api.post(TestTokens.all(), "Reimport", "studyName", "AsapTarget").extract().jsonPath().getLong("id");
    }

    static ValidatableResponse add(String jwt, Object study, String body) {
        var req = given().contentType("application/json").body(body);
        if (jwt != null) {
            req = req.header("Authorization", TestTokens.bearer(jwt));
        }
        return req.post("/internal/studies/" + study + "/annotation-questions").then();
    }

    static String question(String name, String type, String config) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"config\":\"" + config + "\"}";
    }

    private static List<String> questionNames() {
        return Api.get(TestTokens.all(), "Questions", "studyId", studyId).extract().jsonPath().getList("name");
    }

    @Test
    void aScoringTokenCreatesTheQuestionOnceAndTheStudyIsRepublished() {
        long revisionBefore = given().get("/internal/studies/" + studyId).then().statusCode(200).extract()
                .jsonPath().getLong("revision");
        int questionsBefore = questionNames().size();
        long id = add(SCORER, studyId, question("Imported annotation #1", "AnnoShapes", "#000000"))
                .statusCode(201).body("created", equalTo(true)).extract().jsonPath().getLong("id");
        List<String> names = questionNames();
        assertEquals(questionsBefore + 1, names.size());
        assertEquals("Imported annotation #1", names.get(names.size() - 1), "added after the others");
        var snapshot = given().get("/internal/studies/" + studyId).then().statusCode(200).extract().jsonPath();
        assertEquals(revisionBefore + 1, snapshot.getLong("revision"), "a change: StudyChanged with the new question");
        assertEquals("#000000", snapshot.getString("questions.find { it.name == 'Imported annotation #1' }.config"));

        // a retry (same name, type, colour; name in another case) finds it and creates nothing
        add(SCORER, studyId, question("imported annotation #1", "AnnoShapes", "#000000"))
                .statusCode(200).body("created", equalTo(false)).body("id", equalTo((int) id));
        assertEquals(questionsBefore + 1, questionNames().size());
        // the same name for something else is a conflict
        add(SCORER, studyId, question("Imported annotation #1", "AnnoShapes", "#00ff00"))
                .statusCode(409).contentType("application/problem+json")
                .body("detail", startsWith("Study AsapTarget already has a question named 'Imported annotation #1'"));
    }

    @Test
    void thePublicAddQuestionStillRefusesAScoringToken() {
        String body = Api.post(SCORER, "AddQuestion", "studyId", studyId, "questionSpec", "Sneaky\tAnnoShapes\t#123456")
                .extract().asString();
        assertEquals("{\"success\":false,\"log\":\"This API token lacks the right CanReimportStudies\"}", body);
    }

    @Test
    void rightsAndRestrictionsOfTheCallersToken() {
        String body = question("Imported annotation #9", "AnnoPoints", "#0000ff");
        add(TestTokens.builder().allRightsExcept(Right.CanUploadScores).sign(), studyId, body)
                .statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("This API token lacks the right CanUploadScores"));
        add(TestTokens.builder().rights(Right.CanUploadScores).modifyOnlyStudies("Other").sign(), studyId, body)
                .statusCode(403).body("detail", startsWith("This API token may not modify study AsapTarget"));
        add(TestTokens.builder().rights(Right.CanUploadScores).readOnlyStudies("Other").sign(), studyId, body)
                .statusCode(403).body("detail", startsWith("This API token may not modify study AsapTarget"));
        add(null, studyId, body).statusCode(401).contentType("application/problem+json");
        add(TestTokens.expired(), studyId, body).statusCode(401);
        add(TestTokens.badSignature(), studyId, body).statusCode(401);
        // limited to this very study, by name: allowed
        add(TestTokens.builder().rights(Right.CanUploadScores).modifyOnlyStudies("asaptarget").sign(), studyId, body)
                .statusCode(201);
    }

    @Test
    void onlyWellFormedAnnotationQuestionsOfExistingStudies() {
        add(SCORER, studyId, question("Grade", "FreeText", "")).statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("Only annotation questions (AnnoPoints, AnnoMeasure, AnnoShapes) can be added "
                        + "this way, not FreeText"));
        add(SCORER, studyId, question("Bad colour", "AnnoShapes", "red")).statusCode(400);
        add(SCORER, studyId, question("Bad\\tname", "AnnoShapes", "#000000")).statusCode(400)
                .body("detail", equalTo("name and config must not contain TAB or line breaks"));
        add(SCORER, studyId, "{\"type\":\"AnnoShapes\"}").statusCode(400)
                .body("detail", equalTo("name and type are required"));
        add(SCORER, studyId, "not json").statusCode(400);
        add(SCORER, 987_654_321L, question("X", "AnnoShapes", "#000000")).statusCode(404)
                .body("detail", equalTo("Study 987654321 does not exist"));
        add(SCORER, "abc", question("X", "AnnoShapes", "#000000")).statusCode(400);
    }
}
