package org.slidescore.study;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.study.support.Api;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every study call × the rights and restrictions that matter: read calls need read access, GetConfig/GetConfigFiles
 * also CanGetConfig, changes need CanReimportStudies and modify access, Reimport CanReimportStudies (and modify
 * access to an existing study). Refusals come in the endpoint's error style; allowed calls succeed.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class RightsMatrixTest {
    private static long studyId;
    private static long imageId;
    private static long caseId;

    enum Kind { READ, CONFIG, MODIFY }

    record Call(String method, Kind kind, boolean bareString, Object... params) {
    }

    @BeforeEach
    void study() {
        if (studyId != 0) {
            return;
        }
        Api.write("study.Rights.scores", "Q\tFreeText\n");
        Api.copyTestImage("Rights/test-image.TiFF");
        studyId = Api.post(TestTokens.all(), "Reimport", "studyName", "Rights").extract().jsonPath().getLong("id");
        imageId = Api.get(TestTokens.all(), "Images", "studyid", studyId).extract().jsonPath().getLong("[0].id");
        caseId = Api.get(TestTokens.all(), "Cases", "studyid", studyId).extract().jsonPath().getLong("[0].id");
    }

    private List<Call> calls() {
        return List.of(
                new Call("Images", Kind.READ, false, "studyId", studyId),
                new Call("Cases", Kind.READ, false, "studyId", studyId),
                new Call("Questions", Kind.READ, false, "studyId", studyId),
                new Call("GetSlideDescription", Kind.READ, false, "imageId", imageId),
                new Call("GetSlidePath", Kind.READ, false, "imageId", imageId),
                new Call("GetSlideDetails", Kind.READ, false, "imageId", imageId),
                new Call("GetCaseDescription", Kind.READ, false, "caseId", caseId),
                new Call("GetConfig", Kind.CONFIG, false, "studyId", studyId),
                new Call("GetConfigFiles", Kind.CONFIG, false, "studyId", studyId),
                new Call("AddSlide", Kind.MODIFY, true, "studyId", studyId, "path", "Rights/test-image.TiFF"),
                new Call("UpdateSlidePath", Kind.MODIFY, false, "imageId", imageId, "newPath",
                        "Rights/test-image.TiFF"),
                new Call("UpdateSlideName", Kind.MODIFY, false, "imageId", imageId, "newName", "test-image"),
                new Call("SetSlideDescription", Kind.MODIFY, false, "imageId", imageId, "studyId", studyId,
                        "description", "same"),
                new Call("SetSlideTMAMap", Kind.MODIFY, false, "studyId", studyId, "imageId", imageId,
                        "tmaMapName", ""),
                new Call("UpdateQuestion", Kind.MODIFY, false, "studyId", studyId, "scoreId", 1, "questionSpec",
                        "Q\tFreeText"),
                new Call("RemoveQuestion", Kind.MODIFY, false, "studyId", studyId, "scoreId", 1),
                new Call("AddQuestion", Kind.MODIFY, false, "studyId", studyId, "questionSpec", "Q\tFreeText"),
                new Call("CreateTMAMap", Kind.MODIFY, false, "studyId", studyId, "tmaMapFileName", "none.map"));
    }

    /** Token → which kinds it may use. */
    private Map<String, List<Kind>> tokens() {
        Map<String, List<Kind>> t = new LinkedHashMap<>();
        t.put(TestTokens.none(), List.of(Kind.READ));
        t.put(TestTokens.builder().allRights().readOnlyStudies("Other").sign(), List.of());
        t.put(TestTokens.builder().allRights().readOnlyStudies(String.valueOf(studyId)).sign(),
                List.of(Kind.READ, Kind.CONFIG, Kind.MODIFY));
        t.put(TestTokens.builder().allRights().modifyOnlyStudies("Other").sign(), List.of(Kind.READ, Kind.CONFIG));
        t.put(TestTokens.builder().allRights().modifyOnlyStudies("rights").sign(),
                List.of(Kind.READ, Kind.CONFIG, Kind.MODIFY));
        t.put(TestTokens.builder().allRightsExcept(Right.CanReimportStudies).sign(), List.of(Kind.READ, Kind.CONFIG));
        t.put(TestTokens.builder().allRightsExcept(Right.CanGetConfig).sign(), List.of(Kind.READ, Kind.MODIFY));
        t.put(TestTokens.with(Right.CanGetConfig), List.of(Kind.READ, Kind.CONFIG));
        // what UploadASAPAnnotations needs: its new questions go through /internal/studies/{id}/annotation-questions
        // (InternalAnnotationQuestionsTest); AddQuestion and the other changes stay closed to it
        t.put(TestTokens.with(Right.CanUploadScores), List.of(Kind.READ));
        return t;
    }

    @Test
    void everyCallWithEveryToken() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (var token : tokens().entrySet()) {
            for (Call call : calls()) {
                boolean allowed = token.getValue().contains(call.kind());
                String body = Api.post(token.getKey(), call.method(), call.params()).extract().asString();
                boolean refused = body.contains("This API token");
                if (refused == allowed) {
                    wrong.add(call.method() + " with token allowing " + token.getValue() + ": " + body);
                }
                if (refused && call.bareString() && !body.startsWith("\"")) {
                    wrong.add(call.method() + " refusal is not a bare string: " + body);
                }
                if (refused && !call.bareString() && !body.startsWith("{\"success\":false,\"log\":")) {
                    wrong.add(call.method() + " refusal is not success/log: " + body);
                }
                checked++;
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(9 * 18, checked);
    }

    @Test
    void studiesListsOnlyReadableStudies() {
        String limited = TestTokens.builder().readOnlyStudies("Rights").sign();
        List<String> names = Api.get(limited, "Studies").extract().jsonPath().getList("name");
        assertEquals(List.of("Rights"), names);
    }

    @Test
    void reimportNeedsTheRightAndModifyAccess() {
        String noRight = TestTokens.builder().allRightsExcept(Right.CanReimportStudies).sign();
        String body = Api.post(noRight, "Reimport", "studyName", "Rights").extract().asString();
        assertEquals("\"This API token lacks the right CanReimportStudies\"", body);
        String otherStudies = TestTokens.builder().allRights().modifyOnlyStudies("Other").sign();
        body = Api.post(otherStudies, "Reimport", "studyName", "Rights").extract().asString();
        assertTrue(body.startsWith("\"This API token may not modify study Rights"), body);
        body = Api.post(otherStudies, "Reimport", "studyName", "BrandNewStudy").extract().asString();
        assertEquals("\"This API token may not create study BrandNewStudy\"", body);
        String allowed = TestTokens.builder().rights(Right.CanReimportStudies).modifyOnlyStudies("Rights").sign();
        Api.post(allowed, "Reimport", "studyName", "Rights").extract().jsonPath().getBoolean("success");
        assertTrue(Api.post(allowed, "Reimport", "studyName", "Rights").extract().jsonPath().getBoolean("success"));
    }

    @Test
    void noTokenIs401() {
        given().accept("application/json").contentType("application/x-www-form-urlencoded")
                .body("studyId=" + studyId).post("/Api/Images").then().statusCode(401);
        given().accept("application/json").header("Authorization", "Bearer " + TestTokens.badSignature())
                .post("/Api/Reimport").then().statusCode(401);
    }
}
