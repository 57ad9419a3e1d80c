package org.slidescore.scoring.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.slidescore.events.StudyChanged;
import org.slidescore.scoring.annotation.AnnotationJson;
import org.slidescore.scoring.annotation.Shape;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "scoring"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class AsapResourceTest {
    static final String ALL = TestTokens.all();

    /** The SDK's sample (tests/test_upload_asap.py). */
    static final String SDK_SAMPLE = org.slidescore.scoring.asap.AsapReaderWriterTest.SDK_SAMPLE;

    static Response uploadAsap(long imageId, String xml, String map) {
        var req = given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .formParam("imageId", imageId).formParam("user", TestStudies.USER)
                .formParam("asapAnnotation", xml);
        if (map != null) {
            req = req.formParam("questionsMap", map);
        }
        return req.post("/Api/UploadASAPAnnotations");
    }

    static String export(long imageId, String question) {
        var req = given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .contentType(ContentType.URLENC).formParam("imageid", imageId).formParam("user", TestStudies.USER);
        if (question != null) {
            req = req.formParam("question", question);
        }
        return req.get("/Api/ExportASAPAnnotations").then().statusCode(200).extract().asString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> answersByQuestion(long studyId) {
        List<Map<String, Object>> rows = given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .queryParam("studyid", studyId).get("/Api/Scores").then().statusCode(200).extract().as(List.class);
        Map<String, String> m = new java.util.TreeMap<>();
        rows.forEach(r -> m.put((String) r.get("question"), (String) r.get("answer")));
        return m;
    }

    @Test
    void sdkSampleUploadThenExportThenUploadKeepsTheGeometry() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        // Warm the projection so the image is known (the upload names only the image).
        given().header("Authorization", TestTokens.bearer(ALL)).queryParam("studyid", s.studyId()).get("/Api/Scores")
                .then().statusCode(200);

        String body = uploadAsap(imageId, SDK_SAMPLE, "#e6194b;Test anno").then().statusCode(200)
                .body("success", equalTo(true)).extract().asString();
        assertTrue(body.charAt(0) != '"');
        assertTrue(FakeStudyService.ADDED_QUESTION_SPECS.contains("Imported annotation #1\tAnnoShapes\t#000000"),
                FakeStudyService.ADDED_QUESTION_SPECS.toString());
        Map<String, String> first = answersByQuestion(s.studyId());
        assertEquals(2, first.size(), first.toString());
        List<Shape> shapes = AnnotationJson.readShapes(first.get("Test anno"));
        assertEquals(1, shapes.size());
        assertEquals(16, ((Shape.Polygon) shapes.get(0)).points().size());

        String xml = export(imageId, null);
        assertTrue(xml.startsWith("<"));
        assertTrue(xml.contains("Type=\"Polygon\" PartOfGroup=\"Test anno\" Color=\"#e6194b\""), xml);
        assertTrue(xml.contains("<Group Name=\"Imported annotation #1\" PartOfGroup=\"None\" Color=\"#000000\">"), xml);

        // Upload the export again: groups map back to their questions by name and colour, nothing new is created.
        int added = FakeStudyService.ADDED_QUESTION_SPECS.size();
        uploadAsap(imageId, xml, null).then().body("success", equalTo(true))
                .body("log", equalTo("Imported 2 annotations into Test anno (1), Imported annotation #1 (1)"));
        assertEquals(added, FakeStudyService.ADDED_QUESTION_SPECS.size());
        assertEquals(first, answersByQuestion(s.studyId()));

        String only = export(imageId, "Test anno");
        assertTrue(!only.contains("Imported annotation"), only);
    }

    /**
     * The SDK's test_upload_asap: Reimport, then UploadASAPAnnotations naming only the image, before scoring has seen
     * the study's event. The image is looked up at study-service and its study read through.
     */
    @Test
    void uploadAndExportForAnImageOfAStudyTheProjectionHasNotSeen() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        int imageRequests = FakeStudyService.IMAGE_REQUESTS.get();

        uploadAsap(imageId, SDK_SAMPLE, "#e6194b;Test anno").then().statusCode(200)
                .body("success", equalTo(true)).body("log", containsString("Test anno (1)"));
        assertEquals(imageRequests + 1, FakeStudyService.IMAGE_REQUESTS.get(), "one lookup, then the projection");
        assertTrue(export(imageId, "Test anno").contains("PartOfGroup=\"Test anno\""));
        assertEquals(imageRequests + 1, FakeStudyService.IMAGE_REQUESTS.get());

        // an image study-service does not know either stays an error in the endpoint's style
        uploadAsap(987_654_321L, SDK_SAMPLE, null).then().statusCode(200)
                .body("success", equalTo(false)).body("log", equalTo("Image 987654321 not found"));
        given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON).contentType(ContentType.URLENC)
                .formParam("imageid", 987_654_322L).formParam("user", TestStudies.USER)
                .get("/Api/ExportASAPAnnotations").then().statusCode(200)
                .body("success", equalTo(false)).body("log", equalTo("Image 987654322 not found"));
    }

    @Test
    void pointsAndRectanglesRoundTrip() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        given().header("Authorization", TestTokens.bearer(ALL)).queryParam("studyid", s.studyId()).get("/Api/Scores");
        String xml = "<ASAP_Annotations><Annotations>"
                + "<Annotation Name=\"r\" Type=\"Rectangle\" Color=\"#E6194B\"><Coordinates><Coordinate Order=\"0\" X=\"10\" Y=\"20\"/>"
                + "<Coordinate Order=\"1\" X=\"30\" Y=\"20\"/><Coordinate Order=\"2\" X=\"30\" Y=\"50\"/><Coordinate Order=\"3\" X=\"10\" Y=\"50\"/></Coordinates></Annotation>"
                + "<Annotation Name=\"p\" Type=\"PointSet\" Color=\"#00ff00\"><Coordinates><Coordinate Order=\"0\" X=\"1.5\" Y=\"2\"/>"
                + "<Coordinate Order=\"1\" X=\"3\" Y=\"4\"/></Coordinates></Annotation>"
                + "</Annotations></ASAP_Annotations>";
        uploadAsap(imageId, xml, "#e6194b;Test anno\n#00ff00;Cells").then().body("success", equalTo(true));
        Map<String, String> first = answersByQuestion(s.studyId());
        assertEquals("[{\"type\":\"rect\",\"corner\":{\"x\":10,\"y\":20},\"size\":{\"x\":20,\"y\":30}}]", first.get("Test anno"));
        assertEquals("[{\"x\":1.5,\"y\":2},{\"x\":3,\"y\":4}]", first.get("Cells"));
        uploadAsap(imageId, export(imageId, null), null).then().body("success", equalTo(true));
        assertEquals(first, answersByQuestion(s.studyId()));
    }

    @Test
    void badDocumentsAndMapsAnswerSuccessFalse() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        given().header("Authorization", TestTokens.bearer(ALL)).queryParam("studyid", s.studyId()).get("/Api/Scores");
        uploadAsap(imageId, "<ASAP_Annotations><Annotations>", null).then().statusCode(200)
                .body("success", equalTo(false)).body("log", startsWith("malformed ASAP XML"));
        uploadAsap(imageId, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ASAP_Annotations/>", null)
                .then().body("success", equalTo(false)).body("log", containsString("not allowed"));
        uploadAsap(imageId, SDK_SAMPLE, "red;Test anno").then().body("success", equalTo(false))
                .body("log", equalTo("questionsMap line 1: \"red\" is not a #rrggbb colour"));
        uploadAsap(imageId, SDK_SAMPLE, "#e6194b;No such question").then().body("success", equalTo(false))
                .body("log", containsString("not in study"));
        uploadAsap(imageId, SDK_SAMPLE, "#e6194b;Test question").then().body("success", equalTo(false))
                .body("log", equalTo("question \"Test question\" is not an annotation question"));
        uploadAsap(424242L, SDK_SAMPLE, null).then().body("success", equalTo(false))
                .body("log", equalTo("Image 424242 not found"));
        given().header("Authorization", TestTokens.bearer(ALL)).queryParam("imageid", imageId)
                .queryParam("user", TestStudies.USER).queryParam("question", "Test question")
                .get("/Api/ExportASAPAnnotations").then().statusCode(200).body("success", equalTo(false))
                .body("log", equalTo("Question \"Test question\" is not an annotation question"));
    }

    @Test
    void internalAnnotationsForScreenshots() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("studyid", s.studyId())
                .formParam("results", imageId + "\ttest-image\t" + TestStudies.USER + "\tCells\t[{\"x\":1,\"y\":2}]\n"
                        + imageId + "\ttest-image\t" + TestStudies.USER + "\tTest question\tnot an annotation")
                .post("/Api/UploadResults").then().body("success", equalTo(true));
        given().queryParam("imageId", imageId).queryParam("user", "PYTEST@example.com")
                .get("/internal/annotations").then().statusCode(200)
                .body("studyId", equalTo((int) s.studyId()))
                .body("annotations.size()", equalTo(1))
                .body("annotations[0].question", equalTo("Cells"))
                .body("annotations[0].type", equalTo("AnnoPoints"))
                .body("annotations[0].color", equalTo("#00ff00"))
                .body("annotations[0].value", equalTo("[{\"x\":1,\"y\":2}]"));
        given().queryParam("imageId", imageId).queryParam("user", TestStudies.USER).queryParam("question", "Test anno")
                .get("/internal/annotations").then().statusCode(200).body("annotations.size()", equalTo(0));
        given().queryParam("imageId", 55555555).queryParam("user", TestStudies.USER).get("/internal/annotations")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().queryParam("imageId", "x").queryParam("user", TestStudies.USER).get("/internal/annotations")
                .then().statusCode(400);
    }
}
