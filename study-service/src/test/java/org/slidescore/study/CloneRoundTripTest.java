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

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GetConfigFiles → the same files under a new study name → Reimport → the same study. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class CloneRoundTripTest {

    @Test
    void cloneHasTheSameQuestionsUsersImagesAndMaps() {
        String jwt = TestTokens.all();
        Api.write("study.Orig.emails", "a@example.com;canedit,cangetresults\nb@example.com\nc@example.com;viewonly\n");
        Api.write("study.Orig.scores", "Annotate shape\tAnnoShapes\t#FF0000\nTest question\tFreeText\n"
                + "Options question\tClickFriendlyPollOnly\tOption1;;Option2;;Option3\nGrade;DropDown;Low;;High\n");
        Api.write("study.Orig.config", "label: Original study\nstainings: HE,CD8\ncustomthing: kept\n");
        Api.write("study.Orig.map1", "tmas: tma.tif\ncontrols: ctrl\nignore: empty\n\nA1\tA2\tctrl\nB1\n");
        Api.copyTestImage("Orig/test-image.TiFF");
        Api.copyTestImage("Orig/tma.tif");
        Api.copyTestImage("Shared/elsewhere.tif");
        Api.write("Orig/extra.images", "../Shared/elsewhere.tif;;90;Elsewhere image\n");
        long orig = Api.post(jwt, "Reimport", "studyName", "Orig").body("success", equalTo(true))
                .extract().jsonPath().getLong("id");

        JsonPath files = Api.get(jwt, "GetConfigFiles", "studyid", orig).body("success", equalTo(true))
                .extract().jsonPath();
        Map<String, Object> all = files.getMap("$");
        int written = 0;
        for (var e : all.entrySet()) {
            if (e.getKey().equals("success")) {
                continue;
            }
            String name = e.getKey().replace("study.Orig.", "study.Copy.").replace("Orig/", "Copy/")
                    .replace("Copy/Orig.images", "Copy/Copy.images");
            Api.write(name, (String) e.getValue());
            written++;
        }
        assertEquals(5, written, all.keySet().toString());
        long copy = Api.post(jwt, "Reimport", "studyName", "Copy").body("success", equalTo(true))
                .extract().jsonPath().getLong("id");
        assertTrue(copy != orig);

        assertEquals(questions(jwt, orig), questions(jwt, copy));
        assertEquals(4, questions(jwt, copy).size());
        JsonPath oc = Api.get(jwt, "GetConfig", "studyid", orig).extract().jsonPath();
        JsonPath cc = Api.get(jwt, "GetConfig", "studyid", copy).extract().jsonPath();
        assertEquals(oc.getList("config.users"), cc.getList("config.users"));
        assertEquals(oc.getMap("config.properties"), cc.getMap("config.properties"));
        assertEquals("kept", cc.getString("config.properties.customthing"));

        JsonPath os = given().get("/internal/studies/" + orig).then().statusCode(200).extract().jsonPath();
        JsonPath cs = given().get("/internal/studies/" + copy).then().statusCode(200).extract().jsonPath();
        assertEquals(os.getList("images.name"), cs.getList("images.name"));
        assertEquals(os.getList("images.path"), cs.getList("images.path"));
        assertEquals(os.getList("images.tmaMap"), cs.getList("images.tmaMap"));
        assertEquals(os.getList("images.rotation"), cs.getList("images.rotation"));
        assertTrue(os.getList("images.name").contains("Elsewhere image"));
        assertTrue(os.getList("images.tmaMap").contains("map1"));
        assertEquals(os.getList("tmaMaps.name"), cs.getList("tmaMaps.name"));
        assertEquals(strip(os.getList("tmaMaps[0].cores")), strip(cs.getList("tmaMaps[0].cores")));
        assertEquals(6, cs.getList("tmaMaps[0].cores").size());

        // the regenerated files of the copy equal the original's, names aside
        Map<String, Object> again = Api.get(jwt, "GetConfigFiles", "studyid", copy).extract().jsonPath().getMap("$");
        assertEquals(all.get("study.Orig.scores"), again.get("study.Copy.scores"));
        assertEquals(all.get("study.Orig.map1"), again.get("study.Copy.map1"));
        assertEquals(all.get("Orig/Orig.images"), again.get("Copy/Copy.images"));
        assertFalse(((String) again.get("Copy/Copy.images")).isEmpty());
    }

    private static List<Map<String, Object>> questions(String jwt, long id) {
        List<Map<String, Object>> qs = Api.get(jwt, "Questions", "studyId", id).extract().jsonPath().getList("$");
        qs.forEach(q -> q.remove("id"));
        return qs;
    }

    private static List<Map<String, Object>> strip(List<Map<String, Object>> cores) {
        cores.forEach(c -> c.remove("id"));
        return cores;
    }
}
