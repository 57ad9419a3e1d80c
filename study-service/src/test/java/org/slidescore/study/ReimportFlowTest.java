package org.slidescore.study;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.slidescore.study.support.Api;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.nio.file.Files;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class ReimportFlowTest {

    /** The SDK's flow: config files to the root, the slide into folder X, Reimport, Images. */
    @Test
    void sdkFlowImportsTheSlideNamedWithoutExtension() throws Exception {
        String jwt = TestTokens.all();
        Api.write("study.Flow1.emails", "pytest@example.com;canscore,canedit,cangetresults\n");
        Api.write("study.Flow1.scores", "Annotate shape\tAnnoShapes\t#FF0000\nTest question\tFreeText\n"
                + "Options question\tClickFriendlyPollOnly\tOption1;;Option2;;Option3\n");
        var slide = Api.copyTestImage("Flow1/test-image.TiFF");

        String body = Api.post(jwt, "Reimport", "studyName", "Flow1", "ignoreImageErrors", "false")
                .body("success", equalTo(true))
                .body("log", containsString("Added image 'test-image' (Flow1/test-image.TiFF)"))
                .extract().asString();
        assertTrue(body.charAt(0) != '"', body);
        long studyId = JsonPath.from(body).getLong("id");

        JsonPath images = Api.get(jwt, "Images", "studyid", studyId).extract().jsonPath();
        assertEquals(1, images.getList("$").size());
        assertEquals("test-image", images.getString("[0].name"));
        assertEquals(Files.size(slide), images.getLong("[0].fileSize"));
        assertEquals(studyId, images.getLong("[0].studyID"));

        JsonPath questions = Api.get(jwt, "Questions", "studyId", studyId).extract().jsonPath();
        assertEquals(List.of("Annotate shape", "Test question", "Options question"), questions.getList("name"));
        assertEquals(List.of("AnnoShapes", "FreeText", "ClickFriendlyPollOnly"), questions.getList("typeName"));

        JsonPath studies = Api.get(jwt, "Studies").extract().jsonPath();
        assertTrue(studies.getList("name").contains("Flow1"));

        // re-running adds nothing twice
        Api.post(jwt, "Reimport", "studyName", "Flow1")
                .body("success", equalTo(true)).body("id", equalTo((int) studyId))
                .body("log", containsString("Nothing changed"));
        assertEquals(1, Api.get(jwt, "Images", "studyid", studyId).extract().jsonPath().getList("$").size());
        assertEquals(3, Api.get(jwt, "Questions", "studyId", studyId).extract().jsonPath().getList("$").size());

        // a new slide, user and question are added beside the old ones; rights are only ever added
        Api.copyTestImage("Flow1/second.tif");
        Api.write("study.Flow1.emails", "pytest@example.com;viewonly\nnew@example.com\n");
        Api.write("study.Flow1.scores", "Test question\tFreeText\nGrade\tDropDown\tLow;;High\n");
        Api.post(jwt, "Reimport", "studyName", "Flow1").body("success", equalTo(true))
                .body("log", containsString("Added image 'second'"))
                .body("log", containsString("Added question 'Grade' (DropDown)"));
        assertEquals(List.of("test-image", "second"),
                Api.get(jwt, "Images", "studyid", studyId).extract().jsonPath().getList("name"));
        assertEquals(4, Api.get(jwt, "Questions", "studyId", studyId).extract().jsonPath().getList("$").size());

        // read-through snapshot for the other services
        JsonPath snapshot = given().when().get("/internal/studies/" + studyId).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("Flow1", snapshot.getString("name"));
        assertEquals(List.of("test-image", "second"), snapshot.getList("images.name"));
        assertEquals(List.of("pytest@example.com", "new@example.com"), snapshot.getList("users.email"));
        assertEquals(List.of("viewonly", "canscore", "cangetresults", "canedit"), snapshot.getList("users[0].rights"));
        assertEquals(List.of("canscore"), snapshot.getList("users[1].rights"));
        assertTrue(snapshot.getLong("revision") >= 2);
        given().when().get("/internal/studies/by-name/Flow1").then().statusCode(200)
                .body("studyId", equalTo((int) studyId));
        given().when().get("/internal/studies/987654321").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void brokenFilesGiveLineNumberedLogAndChangeNothing() {
        String jwt = TestTokens.all();
        Api.write("study.Broken.emails", "ok@example.com\nnot-an-email;canscore\n");
        Api.write("study.Broken.scores", "Fine\tFreeText\nBad\tSlider\n\nOpts\tDropDown\n");
        String body = Api.post(jwt, "Reimport", "studyName", "Broken")
                .body("success", equalTo(false))
                .body("log", containsString("study.Broken.emails line 2: 'not-an-email' is not an email address"))
                .body("log", containsString("study.Broken.scores line 2: unknown question type 'Slider'"))
                .body("log", containsString("study.Broken.scores line 4: DropDown question 'Opts' needs its options"))
                .body("log", containsString("nothing was changed"))
                .extract().asString();
        JsonPath studies = Api.get(jwt, "Studies").extract().jsonPath();
        assertTrue(!studies.getList("name").contains("Broken"), body);
    }

    @Test
    void nothingToImportIsAFailure() {
        Api.post(TestTokens.all(), "Reimport", "studyName", "DoesNotExistAnywhere")
                .body("success", equalTo(false)).body("log", containsString("nothing to import"));
        // the worker's time is recorded per outcome before the reply goes out
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher failed = java.util.regex.Pattern.compile(
                "(?m)^slidescore_reimport_duration_seconds_count\\{outcome=\"failure\"\\} (\\S+)").matcher(metrics);
        // (the sample may carry an exemplar after the value: " # {span_id=...}")
        assertTrue(failed.find() && Double.parseDouble(failed.group(1)) >= 1, "failed Reimport timed");
    }

    @Test
    void badStudyNameIsABareString() {
        String body = Api.post(TestTokens.all(), "Reimport", "studyName", "../etc").extract().asString();
        assertTrue(body.startsWith("\"") && body.contains("not a valid study name"), body);
    }
}
