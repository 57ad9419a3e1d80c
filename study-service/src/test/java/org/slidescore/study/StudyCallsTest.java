package org.slidescore.study;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.study.support.Api;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every study call of the contract, with the answer shapes the clients read. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class StudyCallsTest {
    private static final String JWT = TestTokens.all();
    private static long studyId;
    private static long imageId;

    @BeforeEach
    void study() {
        if (studyId != 0) {
            return;
        }
        Api.write("study.Calls.emails", "a@example.com;canscore\n");
        Api.write("study.Calls.scores", "Q1\tFreeText\n");
        Api.copyTestImage("Calls/test-image.TiFF");
        studyId = Api.post(JWT, "Reimport", "studyName", "Calls").body("success", equalTo(true))
                .extract().jsonPath().getLong("id");
        imageId = Api.get(JWT, "Images", "studyid", studyId).extract().jsonPath().getLong("[0].id");
    }

    @Test
    void readCallsAcceptQueryStringOrFormBodyAndGetOrPost() {
        given().header("Authorization", TestTokens.bearer(JWT)).accept("application/json")
                .queryParam("studyId", studyId).when().get("/Api/Images").then().statusCode(200)
                .body("[0].name", equalTo("test-image"));
        Api.post(JWT, "Images", "STUDYID", studyId).body("[0].studyID", equalTo((int) studyId));
        Api.get(JWT, "Cases", "studyid", studyId).body("[0].name", equalTo("test-image"))
                .body("[0]", hasKey("id"));
    }

    @Test
    void slideDetailsPathAndDescriptions() {
        Api.get(JWT, "GetSlideDetails", "imageid", imageId).body("success", equalTo(true))
                .body("imageID", equalTo((int) imageId)).body("studyID", equalTo((int) studyId));
        Api.get(JWT, "GetSlidePath", "imageId", imageId).body("path", equalTo("Calls/test-image.TiFF"));

        String body = Api.post(JWT, "SetSlideDescription", "imageId", imageId, "studyId", studyId,
                "description", "<b>Tumour</b> & <script>alert(1)</script>").extract().asString();
        assertEquals("{}", body);
        Api.get(JWT, "GetSlideDescription", "imageId", imageId).body("success", equalTo(true))
                .body("description", equalTo("<b>Tumour</b> &amp; &lt;script&gt;alert(1)&lt;/script&gt;"));

        long caseId = Api.get(JWT, "Cases", "studyid", studyId).extract().jsonPath().getLong("[0].id");
        Api.get(JWT, "GetCaseDescription", "caseId", caseId).body("success", equalTo(true))
                .body("description", equalTo(""));
        Api.get(JWT, "GetCaseDescription", "caseId", 999999999).body("success", equalTo(false))
                .body("log", containsString("Case 999999999 does not exist"));
    }

    @Test
    void renameMoveAndAddSlides() {
        Api.copyTestImage("Other/moved.tif");
        Api.copyTestImage("Extra/added.TIF");
        long id = Api.post(JWT, "AddSlide", "studyId", studyId, "path", "Extra/added.TIF")
                .body("success", equalTo(true)).body("isOOF", equalTo(false)).extract().jsonPath().getLong("id");
        // adding the same file again answers the same image
        Api.post(JWT, "AddSlide", "studyId", studyId, "path", "Extra/added.TIF").body("id", equalTo((int) id));
        Api.post(JWT, "UpdateSlideName", "imageId", id, "newName", "Renamed").body("success", equalTo(true));
        Api.post(JWT, "UpdateSlidePath", "imageId", id, "newPath", "Other\\moved.tif").body("success", equalTo(true));
        Api.get(JWT, "GetSlidePath", "imageId", id).body("path", equalTo("Other/moved.tif"));
        List<String> names = Api.get(JWT, "Images", "studyid", studyId).extract().jsonPath().getList("name");
        assertTrue(names.contains("Renamed"), names.toString());

        String missing = Api.post(JWT, "AddSlide", "studyId", studyId, "path", "Extra/none.tif").extract().asString();
        assertTrue(missing.startsWith("\"") && missing.contains("does not exist"), missing);
        String escape = Api.post(JWT, "AddSlide", "studyId", studyId, "path", "../../etc/passwd").extract().asString();
        assertTrue(escape.startsWith("\"") && escape.contains("outside the images root"), escape);
        Api.post(JWT, "UpdateSlidePath", "imageId", id, "newPath", "/etc/passwd").body("success", equalTo(false))
                .body("log", containsString("absolute"));
    }

    @Test
    void questionsAddUpdateRemove() {
        long id = Api.post(JWT, "AddQuestion", "studyId", studyId, "questionSpec", "Grade;DropDown;Low;;High")
                .body("success", equalTo(true)).extract().jsonPath().getLong("id");
        JsonPath qs = Api.get(JWT, "Questions", "studyId", studyId).extract().jsonPath();
        assertEquals("DropDown", qs.getString("find { it.name == 'Grade' }.typeName"));
        assertEquals("Low;;High", qs.getString("find { it.name == 'Grade' }.valuesAllowed"));

        Api.post(JWT, "AddQuestion", "studyId", studyId, "questionSpec", "grade\tFreeText")
                .body("success", equalTo(false)).body("log", containsString("already has a question named 'Grade'"));
        Api.post(JWT, "AddQuestion", "studyId", studyId, "questionSpec", "X\tSlider")
                .body("success", equalTo(false)).body("log", containsString("unknown question type 'Slider'"));

        Api.post(JWT, "UpdateQuestion", "studyId", studyId, "scoreId", id, "order", 0,
                "questionSpec", "Grade\tAnnoShapes\t#00FF00").body("success", equalTo(true)).body("id", equalTo((int) id));
        qs = Api.get(JWT, "Questions", "studyId", studyId).extract().jsonPath();
        assertEquals("Grade", qs.getString("[0].name"));
        assertEquals("AnnoShapes", qs.getString("[0].typeName"));

        JsonPath config = Api.get(JWT, "GetConfig", "studyid", studyId).body("success", equalTo(true))
                .extract().jsonPath();
        assertEquals("#00FF00", config.getString("config.scores.find { it.name == 'Grade' }.valuesAllowed"));

        Api.post(JWT, "RemoveQuestion", "studyId", studyId, "scoreId", id).body("success", equalTo(true));
        Api.post(JWT, "RemoveQuestion", "studyId", studyId, "scoreId", id).body("success", equalTo(false));
        assertTrue(!Api.get(JWT, "Questions", "studyId", studyId).extract().jsonPath().getList("name")
                .contains("Grade"));
    }

    @Test
    void tmaMaps() {
        Api.write("maps/calls-map.txt", "controls: ctrl\nignore: empty\n\nA1\tA2\nctrl\n");
        Api.post(JWT, "CreateTMAMap", "studyId", studyId, "tmaMapFileName", "maps/calls-map.txt")
                .body("success", equalTo(true)).body("mapName", equalTo("calls-map.txt"));
        Api.post(JWT, "SetSlideTMAMap", "studyId", studyId, "imageId", imageId, "tmaMapName", "calls-map.txt")
                .body("success", equalTo(true));
        Api.get(JWT, "GetSlideDetails", "imageId", imageId).body("tmaMapName", equalTo("calls-map.txt"));
        Api.post(JWT, "SetSlideTMAMap", "studyId", studyId, "imageId", imageId, "tmaMapName", "nope")
                .body("success", equalTo(false)).body("log", containsString("has no TMA map nope"));
        Api.write("maps/bad-map.txt", "force: perhaps\n\nA\n");
        Api.post(JWT, "CreateTMAMap", "studyId", studyId, "tmaMapFileName", "maps/bad-map.txt")
                .body("success", equalTo(false)).body("log", containsString("maps/bad-map.txt line 1: force must be"));

        JsonPath snapshot = given().get("/internal/studies/" + studyId).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> cores = snapshot.getList("tmaMaps.find { it.name == 'calls-map.txt' }.cores");
        assertEquals(4, cores.size());
        assertEquals(true, snapshot.getBoolean("tmaMaps.find { it.name == 'calls-map.txt' }.cores[2].control"));
        assertEquals(true, snapshot.getBoolean("tmaMaps.find { it.name == 'calls-map.txt' }.cores[3].ignored"));
    }

    @Test
    void getConfigAndFiles() {
        JsonPath config = Api.get(JWT, "GetConfig", "studyid", studyId).body("success", equalTo(true))
                .body("config.scores[0].name", equalTo("Q1")).body("config.scores[0].valuesAllowed", equalTo(""))
                .extract().jsonPath();
        assertEquals("FreeText", config.getString("config.scores[0].typeName"));
        Api.get(JWT, "GetConfigFiles", "studyid", studyId).body("success", equalTo(true))
                .body("'study.Calls.emails'", equalTo("a@example.com;canscore\n"))
                .body("'study.Calls.scores'", containsString("Q1\tFreeText\n"))
                .body("'Calls/Calls.images'", containsString("../Calls/test-image.TiFF"));
    }

    @Test
    void unknownIdsAndBadParameters() {
        Api.get(JWT, "Images", "studyid", 424242424).body("success", equalTo(false))
                .body("log", equalTo("Study 424242424 does not exist"));
        Api.get(JWT, "Images", "studyid", "abc").body("success", equalTo(false))
                .body("log", containsString("must be a whole number"));
        Api.get(JWT, "Images").body("success", equalTo(false)).body("log", containsString("Missing parameter"));
        Api.get(JWT, "GetSlidePath", "imageId", 77777777).body("log", equalTo("Image 77777777 does not exist"))
                .body("$", not(hasKey("path")));
    }
}
