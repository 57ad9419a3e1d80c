package org.slidescore.scoring.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.events.StudyChanged;
import org.slidescore.scoring.anno2.Anno2Reader;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ConvertAnnotationToAnno2, ConvertScoreValueToAnno2 and GetAnno2 against the real broker and PostgreSQL; the zip
 * travels through the fake upload-service's tus server and FinishUpload into its images root, as with upload-service.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "scoring"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class Anno2ConversionTest {
    static final String ALL = TestTokens.all();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHAPES = "[{\"type\":\"polygon\",\"points\":[{\"x\":132,\"y\":110},{\"x\":298.97,\"y\":107.93},"
            + "{\"x\":300,\"y\":253},{\"x\":125,\"y\":259}],\"modifiedOn\":\"2023-01-01T12:00:00.000Z\"},"
            + "{\"type\":\"brush\",\"positivePolygons\":[[{\"x\":1000,\"y\":1000},{\"x\":1600,\"y\":1000},{\"x\":1600,\"y\":1600}]],"
            + "\"negativePolygons\":[[{\"x\":1400,\"y\":1100},{\"x\":1500,\"y\":1100},{\"x\":1500,\"y\":1200}]]}]";
    static final String POINTS = "[{\"x\": 10, \"y\": 10}, {\"x\": 15, \"y\": 15}, {\"x\": 20, \"y\": 20}]";
    static final String METADATA = "{ \"description\": \"Hello World\" }";

    static StudyChanged study() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        return s;
    }

    static long image(StudyChanged s) {
        return s.images().get(0).id();
    }

    static void answer(StudyChanged s, String question, String value) {
        given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .formParam("studyid", s.studyId())
                .formParam("results", "\n" + image(s) + "\ttest-image\t" + TestStudies.USER + "\t" + question + "\t" + value)
                .post("/Api/UploadResults").then().statusCode(200).body("success", equalTo(true));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> scores(StudyChanged s) {
        return given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .queryParam("studyid", s.studyId()).get("/Api/Scores").then().statusCode(200).extract().as(List.class);
    }

    static Map<String, Object> row(StudyChanged s, String question) {
        return scores(s).stream().filter(r -> question.equals(r.get("question"))).findFirst().orElseThrow();
    }

    static ValidatableResponse convert(String jwt, StudyChanged s, String question, String metadata) {
        var req = given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                .formParam("studyId", s.studyId()).formParam("imageId", image(s)).formParam("question", question)
                .formParam("email", TestStudies.USER);
        if (metadata != null) {
            req = req.formParam("metadata", metadata);
        }
        return req.post("/Api/ConvertAnnotationToAnno2").then().statusCode(200);
    }

    static ValidatableResponse convertScoreValue(String jwt, Object id, String metadata) {
        var req = given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON).formParam("scoreValueId", id);
        if (metadata != null) {
            req = req.formParam("metadata", metadata);
        }
        return req.post("/Api/ConvertScoreValueToAnno2").then().statusCode(200);
    }

    static byte[] served(String jwt, String uuid) {
        return given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                .queryParam("annoUUID", uuid).get("/Api/GetAnno2").then().statusCode(200)
                .contentType("application/zip").header("Content-Disposition", containsString(uuid + ".zip"))
                .extract().asByteArray();
    }

    static byte[] stored(String uuid) throws Exception {
        Path file = FakeUploadService.imagesRoot.resolve("anno2/" + uuid + ".zip");
        assertTrue(Files.isRegularFile(file), "upload-service stored anno2/" + uuid + ".zip");
        return Files.readAllBytes(file);
    }

    /** Events the anno2-upload consumer applied so far (from /q/metrics). */
    static double uploadsConsumed() {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("slidescore_consumer_events_total{") && line.contains("consumer=\"scoring.anno2-uploads\"")
                    && line.contains("outcome=\"applied\"")) {
                sum += Double.parseDouble(line.substring(line.indexOf("} ") + 2).split(" ")[0]);
            }
        }
        return sum;
    }

    @Test
    void convertAnnotationWritesTheZipLinksTheAnswerAndServesIt() throws Exception {
        StudyChanged s = study();
        answer(s, "Test anno", SHAPES);
        Map<String, Object> before = row(s, "Test anno");
        double consumed = uploadsConsumed();

        String uuid = convert(ALL, s, "Test anno", METADATA).body("success", equalTo(true))
                .body("annoUUID", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                .extract().path("annoUUID");

        // Scores lists the reference on the same answer at once, as for a finished CreateAnno2 upload
        Map<String, Object> after = row(s, "Test anno");
        assertEquals("anno2:" + uuid, after.get("answer"));
        assertEquals(before.get("id"), after.get("id"), "the same answer (score value) now holds the reference");
        assertTrue(FakeUploadService.FINISHED.contains("anno2/" + uuid + ".zip"), "finished at upload-service");

        byte[] zip = stored(uuid);
        Map<String, byte[]> entries = Anno2Reader.entries(zip);
        assertEquals(List.of("system_metadata.json", "user_metadata.json", "lookup-tables/density_32px.png",
                "lookup-tables/density_256px.png", "polygon_container/tile_polygons_i.msgpack.br",
                "polygon_container/big_tile_polygons_i.msgpack.br", "polygon_container/encoded_polygons.bin.br",
                "polygon_container/simpl_encoded_polygons.bin.br", "polygon_container/negative_polygons.json"),
                List.copyOf(entries.keySet()));
        assertEquals(JSON.readTree("{\"version\":\"0.2.0\",\"type\":\"polygons\",\"numItems\":3}"),
                JSON.readTree(entries.get("system_metadata.json")));
        assertEquals(METADATA.trim(), new String(entries.get("user_metadata.json"), StandardCharsets.UTF_8));
        List<int[]> polygons = Anno2Reader.polygons(
                Anno2Reader.brotli(entries.get("polygon_container/encoded_polygons.bin.br"))).polygons();
        assertArrayEquals(new int[] {132, 110, 299, 108, 300, 253, 125, 259}, polygons.get(0));
        assertArrayEquals(new int[] {1000, 1000, 1600, 1000, 1600, 1600}, polygons.get(1));
        assertArrayEquals(new int[] {1400, 1100, 1500, 1100, 1500, 1200}, polygons.get(2));
        assertEquals(JSON.readTree("{\"1\":[2]}"), JSON.readTree(entries.get("polygon_container/negative_polygons.json")));

        assertArrayEquals(zip, served(ALL, uuid), "GetAnno2 serves the stored bytes");
        given().queryParam("imageId", image(s)).queryParam("user", TestStudies.USER).queryParam("question", "Test anno")
                .get("/internal/annotations").then().statusCode(200)
                .body("annotations[0].value", equalTo("anno2:" + uuid))
                .body("annotations[0].anno2Path", equalTo("anno2/" + uuid + ".zip"));

        // converting again: the answer is an anno2 already
        convert(ALL, s, "Test anno", METADATA).body("success", equalTo(false))
                .body("error", equalTo("This answer is already an anno2 annotation (annoUUID " + uuid + ")"));
        convertScoreValue(ALL, before.get("id"), null).body("success", equalTo(false))
                .body("error", equalTo("This answer is already an anno2 annotation (annoUUID " + uuid + ")"));

        // the upload's slide-uploaded event arrives as well and leaves the answer as the conversion linked it
        await().atMost(Duration.ofSeconds(60)).until(() -> uploadsConsumed() > consumed);
        Map<String, Object> later = row(s, "Test anno");
        assertEquals("anno2:" + uuid, later.get("answer"));
        assertEquals(after.get("lastModifiedOn"), later.get("lastModifiedOn"));

        // a new answer replaces the reference and can be converted again, to a new zip
        answer(s, "Test anno", SHAPES);
        String second = convert(ALL, s, "Test anno", null).body("success", equalTo(true)).extract().path("annoUUID");
        assertTrue(!second.equals(uuid));
        assertEquals("{}", new String(Anno2Reader.entries(stored(second)).get("user_metadata.json"), StandardCharsets.UTF_8),
                "no metadata is an empty object");
        assertArrayEquals(zip, served(ALL, uuid), "the first zip stays readable by its uuid");
    }

    @Test
    void convertScoreValueOfPointsAndOfAHeatmap() throws Exception {
        StudyChanged s = study();
        answer(s, "Cells", POINTS);
        Object id = row(s, "Cells").get("id");
        String uuid = convertScoreValue(ALL, id, "{\"svid\": \"" + id + "\"}").body("success", equalTo(true))
                .extract().path("annoUUID");
        assertEquals("anno2:" + uuid, row(s, "Cells").get("answer"));
        byte[] zip = stored(uuid);
        // POST works as well as GET (the SDK's perform_request may use either)
        byte[] viaPost = given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .formParam("annoUUID", uuid).post("/Api/GetAnno2").then().statusCode(200).contentType("application/zip")
                .extract().asByteArray();
        assertArrayEquals(zip, viaPost);
        Map<String, byte[]> entries = Anno2Reader.entries(zip);
        assertEquals(List.of("system_metadata.json", "user_metadata.json", "anno1_points.json.br"), List.copyOf(entries.keySet()));
        assertEquals("points", JSON.readTree(entries.get("system_metadata.json")).get("type").asText());
        assertEquals(JSON.readTree(POINTS), JSON.readTree(Anno2Reader.brotli(entries.get("anno1_points.json.br"))));

        answer(s, "Test anno", "[{\"type\":\"heatmap\",\"x\":128,\"y\":32,\"height\":64,\"data\":[[255,200],[5,1]]}]");
        Object heatmapId = row(s, "Test anno").get("id");
        String heatmap = convertScoreValue(ALL, heatmapId, METADATA).body("success", equalTo(true)).extract().path("annoUUID");
        Map<String, byte[]> h = Anno2Reader.entries(served(ALL, heatmap));
        assertEquals(JSON.readTree("{\"version\":\"0.2.0\",\"type\":\"heatmap\",\"numItems\":4}"),
                JSON.readTree(h.get("system_metadata.json")));
        assertEquals(JSON.readTree("{\"x\":128,\"y\":32,\"sizePerPixel\":32}"), JSON.readTree(h.get("heatmap_metadata.json")));
        assertTrue(h.containsKey("heatmap.png"));
    }

    @Test
    void badInputIsRefusedInTheSuccessErrorStyleAndChangesNothing() {
        StudyChanged s = study();
        answer(s, "Test anno", SHAPES);
        answer(s, "Test question", "free text");
        String name = s.name();
        long image = image(s);
        String user = TestStudies.USER;
        record Case(String label, java.util.function.Supplier<ValidatableResponse> call, String error) {
        }
        Object textId = row(s, "Test question").get("id");
        List<Case> cases = List.of(
                new Case("unknown study", () -> given().header("Authorization", TestTokens.bearer(ALL))
                        .formParam("studyId", 987_654_321).formParam("imageId", image).formParam("question", "Test anno")
                        .formParam("email", user).post("/Api/ConvertAnnotationToAnno2").then().statusCode(200),
                        "Study 987654321 not found"),
                new Case("unknown image", () -> given().header("Authorization", TestTokens.bearer(ALL))
                        .formParam("studyId", s.studyId()).formParam("imageId", 1).formParam("question", "Test anno")
                        .formParam("email", user).post("/Api/ConvertAnnotationToAnno2").then().statusCode(200),
                        "Image 1 is not in study " + name),
                new Case("unknown question", () -> convert(ALL, s, "No such question", null),
                        "Question \"No such question\" is not in study " + name),
                new Case("not an annotation question", () -> convert(ALL, s, "Test question", null),
                        "Question \"Test question\" is not an annotation question"),
                new Case("no answer yet", () -> convert(ALL, s, "Cells", null),
                        "User " + user + " has no answer to \"Cells\" on image " + image),
                new Case("not a user of the study", () -> given().header("Authorization", TestTokens.bearer(ALL))
                        .formParam("studyId", s.studyId()).formParam("imageId", image).formParam("question", "Test anno")
                        .formParam("email", "stranger@example.com").post("/Api/ConvertAnnotationToAnno2").then().statusCode(200),
                        "User stranger@example.com is not a user of study " + name),
                new Case("neither scoreId nor question", () -> given().header("Authorization", TestTokens.bearer(ALL))
                        .formParam("studyId", s.studyId()).formParam("imageId", image).formParam("email", user)
                        .post("/Api/ConvertAnnotationToAnno2").then().statusCode(200), "Give scoreId or question"),
                new Case("no email", () -> given().header("Authorization", TestTokens.bearer(ALL))
                        .formParam("studyId", s.studyId()).formParam("imageId", image).formParam("question", "Test anno")
                        .post("/Api/ConvertAnnotationToAnno2").then().statusCode(200), "Missing parameter email"),
                new Case("malformed metadata", () -> convert(ALL, s, "Test anno", "{\"description\": "),
                        "metadata is not valid JSON: "),
                new Case("metadata not an object", () -> convert(ALL, s, "Test anno", "[1, 2]"),
                        "metadata must be a JSON object, like {\"description\": \"...\"}"),
                new Case("no rights", () -> convert(TestTokens.with(Right.CanGetScores, Right.CanGetAnyScores), s,
                        "Test anno", null), "This API token lacks the right CanUploadScores"),
                new Case("no modify access", () -> convert(TestTokens.builder().rights(Right.CanUploadScores)
                        .modifyOnlyStudies("another-study").sign(), s, "Test anno", null), "may not modify study"),
                new Case("unknown score value", () -> convertScoreValue(ALL, 987_654_321L, null),
                        "Score value 987654321 not found"),
                new Case("score value not a number", () -> convertScoreValue(ALL, "abc", null),
                        "Parameter scoreValueId must be a whole number"),
                new Case("score value missing", () -> given().header("Authorization", TestTokens.bearer(ALL))
                        .post("/Api/ConvertScoreValueToAnno2").then().statusCode(200), "Missing parameter scoreValueId"),
                new Case("score value of a text answer", () -> convertScoreValue(ALL, textId, null),
                        "Score value " + textId + " answers \"Test question\" (FreeText), which is not an annotation question"),
                new Case("score value, no rights", () -> convertScoreValue(TestTokens.with(Right.CanGetAnyScores), textId, null),
                        "This API token lacks the right CanUploadScores"),
                new Case("score value, malformed metadata", () -> convertScoreValue(ALL, textId, "nope"),
                        "metadata is not valid JSON: "));
        for (Case c : cases) {
            c.call().get().body("success", equalTo(false)).body("error", startsWith(c.error().split("may not")[0]))
                    .body("error", containsString(c.error()));
        }
        // nothing was converted
        assertEquals(SHAPES, row(s, "Test anno").get("answer"));
        assertEquals("free text", row(s, "Test question").get("answer"));

        // an answer with no anno2 form (an open polyline)
        answer(s, "Test anno", "[{\"type\":\"polyline\",\"points\":[{\"x\":1,\"y\":1},{\"x\":5,\"y\":9}]}]");
        convert(ALL, s, "Test anno", null).body("success", equalTo(false)).body("error", equalTo("The answer cannot be "
                + "converted: shape 1 is a polyline: an anno2 holds closed polygons, points or a heatmap, not open lines"));
    }

    @Test
    void aRefusedUploadLeavesTheAnswerAsItWas() {
        StudyChanged s = study();
        answer(s, "Cells", POINTS);
        FakeUploadService.finishRefusal = "The upload token has expired";
        try {
            convert(ALL, s, "Cells", METADATA).body("success", equalTo(false))
                    .body("error", equalTo("Could not store the converted annotation: The upload token has expired"));
        } finally {
            FakeUploadService.finishRefusal = null;
        }
        assertEquals(POINTS, row(s, "Cells").get("answer"));
        convert(ALL, s, "Cells", METADATA).body("success", equalTo(true));
    }

    @Test
    @SuppressWarnings("unchecked")
    void getAnno2ServesWhatCreateAnno2AndFinishUploadStored() throws Exception {
        StudyChanged s = study();
        var created = given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .formParam("studyId", s.studyId()).formParam("imageId", image(s)).formParam("question", "Test anno")
                .formParam("email", TestStudies.USER).post("/Api/CreateAnno2").then().statusCode(200)
                .body("success", equalTo(true)).extract().jsonPath();
        String uuid = created.getString("annoUUID");

        // not uploaded yet → 404 in the success/error style
        given().header("Authorization", TestTokens.bearer(ALL)).queryParam("annoUUID", uuid).get("/Api/GetAnno2")
                .then().statusCode(404).contentType(ContentType.JSON).body("success", equalTo(false))
                .body("error", equalTo("The zip of anno2 annotation " + uuid + " has not been uploaded yet"));

        byte[] bytes = new byte[300_000];
        new java.util.Random(11).nextBytes(bytes);
        String uploadId = tusUpload(created.getString("uploadToken"), ALL, bytes);
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("uploadToken", created.getString("uploadToken"))
                .formParam("uploadId", uploadId).post("/Api/FinishAnno2Upload").then().statusCode(200)
                .body(equalTo("{\"success\":true}"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(List.of("anno2:" + uuid),
                scores(s).stream().map(r -> r.get("answer")).toList(), "linked through the slide-uploaded event"));
        assertArrayEquals(bytes, served(ALL, uuid), "byte for byte what the client uploaded");

        String unknown = UUID.randomUUID().toString();
        given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON).queryParam("annoUUID", unknown)
                .get("/Api/GetAnno2").then().statusCode(404).body(equalTo("{\"success\":false,\"error\":\"Unknown anno2 annotation "
                        + unknown + "\"}"));
        given().header("Authorization", TestTokens.bearer(ALL)).queryParam("annoUUID", "not-a-uuid").get("/Api/GetAnno2")
                .then().statusCode(200).body("success", equalTo(false))
                .body("error", startsWith("annoUUID must be a UUID"));
        given().header("Authorization", TestTokens.bearer(ALL)).get("/Api/GetAnno2").then().statusCode(200)
                .body("success", equalTo(false)).body("error", equalTo("Missing parameter annoUUID"));
        given().queryParam("annoUUID", uuid).get("/Api/GetAnno2").then().statusCode(401);
    }

    @Test
    void anOrphanAnno2IsReadableByItsCreator() throws Exception {
        String maker = TestTokens.builder().id("orphan-maker-" + UUID.randomUUID()).rights(Right.CanUploadScores).sign();
        var created = given().header("Authorization", TestTokens.bearer(maker)).post("/Api/CreateOrphanAnno2").then()
                .statusCode(200).body("success", equalTo(true)).extract().jsonPath();
        String uuid = created.getString("annoUUID");
        byte[] bytes = "an orphan zip".getBytes(StandardCharsets.UTF_8);
        String uploadId = tusUpload(created.getString("uploadToken"), maker, bytes);
        given().header("Authorization", TestTokens.bearer(maker)).formParam("uploadToken", created.getString("uploadToken"))
                .formParam("uploadId", uploadId).post("/Api/FinishAnno2Upload").then().statusCode(200)
                .body("success", equalTo(true));
        // linked through the slide-uploaded event
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", TestTokens.bearer(maker))
                .queryParam("annoUUID", uuid).get("/Api/GetAnno2").then().statusCode(200));
        assertArrayEquals(bytes, served(maker, uuid));
        assertArrayEquals(bytes, served(TestTokens.with(Right.CanGetAnyScores), uuid));
        given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetScores))).queryParam("annoUUID", uuid)
                .get("/Api/GetAnno2").then().statusCode(200).body("success", equalTo(false))
                .body("error", startsWith("This anno2 annotation belongs to no study"));
        given().header("Authorization", TestTokens.bearer(TestTokens.builder().rights(Right.CanGetAnyScores)
                        .readOnlyStudies("1").sign())).queryParam("annoUUID", uuid)
                .get("/Api/GetAnno2").then().statusCode(200).body("success", equalTo(false));
    }

    /** A tus upload to the fake upload-service as a client makes it; answers the upload id. */
    static String tusUpload(String uploadToken, String jwt, byte[] bytes) {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        String location = given().header("Tus-Resumable", "1.0.0").header("Upload-Length", bytes.length)
                .header("Upload-Metadata", "uploadtoken " + b64.encodeToString(uploadToken.getBytes(StandardCharsets.UTF_8))
                        + ",apitoken " + b64.encodeToString(jwt.getBytes(StandardCharsets.UTF_8)))
                .post(FakeUploadService.url + "/files/").then().statusCode(201).extract().header("Location");
        given().header("Tus-Resumable", "1.0.0").header("Upload-Offset", 0).contentType("application/offset+octet-stream")
                .body(bytes).patch(location).then().statusCode(204);
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
