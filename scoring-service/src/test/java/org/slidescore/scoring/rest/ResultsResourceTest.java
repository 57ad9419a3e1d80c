package org.slidescore.scoring.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.events.StudyChanged;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "scoring"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class ResultsResourceTest {
    static final String ALL = TestTokens.all();

    /** What the SDK's SlideScoreResult.toRow() makes of a Scores JSON element. */
    @SuppressWarnings("unchecked")
    static String toRow(Map<String, Object> d) {
        StringBuilder sb = new StringBuilder();
        Object caseName = d.get("caseName");
        if (caseName != null) {
            sb.append(caseName).append('\t');
        }
        Object imageId = d.get("imageID") == null ? 0 : d.get("imageID");
        sb.append(imageId).append('\t').append(d.get("imageName")).append('\t').append(d.get("user")).append('\t');
        if (d.containsKey("tmaRow")) {
            sb.append(((Number) d.get("tmaRow")).intValue()).append('\t').append(((Number) d.get("tmaCol")).intValue())
                    .append('\t').append(d.get("tmaSampleID")).append('\t');
        }
        return sb.append(d.get("question")).append('\t').append(d.get("answer")).toString();
    }

    static Response upload(String jwt, long studyId, String results) {
        return given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                .formParam("studyid", studyId).formParam("results", results)
                .post("/Api/UploadResults");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> scores(String jwt, Map<String, Object> form) {
        return given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                .contentType(ContentType.URLENC).formParams(form)
                .when().get("/Api/Scores").then().statusCode(200).contentType(ContentType.JSON)
                .extract().as(List.class);
    }

    @Test
    void sdkRoundTripGivesIdenticalRows() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        List<String> rows = new ArrayList<>(List.of(
                imageId + "\ttest-image\t" + TestStudies.USER + "\tTest question\ttest answer 1",
                imageId + "\ttest-image\t" + TestStudies.USER + "\tOptions question\tOption2"));
        upload(ALL, s.studyId(), "\n" + String.join("\n", rows)).then().statusCode(200)
                .body("success", equalTo(true)).body("log", startsWith("Stored 2 answers"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher stored = java.util.regex.Pattern
                .compile("(?m)^slidescore_scores_stored_total\\{source=\"UploadResults\"\\} (\\S+)").matcher(metrics);
        assertTrue(stored.find() && Double.parseDouble(stored.group(1)) >= 2, "scores stored counter");

        List<Map<String, Object>> back = scores(ALL, Map.of("studyid", s.studyId()));
        assertEquals(2, back.size());
        for (Map<String, Object> d : back) {
            assertFalse(d.containsKey("tmaRow"));
            assertFalse(d.containsKey("tmaCol"));
            assertFalse(d.containsKey("tmaSampleID"));
            assertFalse(d.containsKey("caseName"));
            assertEquals(List.of("id", "imageID", "imageName", "user", "question", "answer", "lastModifiedOn"),
                    new ArrayList<>(d.keySet()));
        }
        List<String> got = new ArrayList<>(back.stream().map(ResultsResourceTest::toRow).toList());
        Collections.sort(rows);
        Collections.sort(got);
        assertEquals(rows, got);

        // Uploading the same rows again succeeds and changes nothing.
        upload(ALL, s.studyId(), "\n" + String.join("\n", rows)).then().body("success", equalTo(true));
        assertEquals(2, scores(ALL, Map.of("studyid", s.studyId())).size());

        // A row for a question that does not exist fails, naming the line, and stores nothing of the upload.
        upload(ALL, s.studyId(), "\n" + imageId + "\ttest-image\t" + TestStudies.USER + "\tTest question\tchanged\n"
                + imageId + "\ttest-image\t" + TestStudies.USER + "\tNon-existant question\tanswer")
                .then().statusCode(200).body("success", equalTo(false))
                .body("log", equalTo("line 3: question \"Non-existant question\" is not in study " + s.name()));
        assertTrue(scores(ALL, Map.of("studyid", s.studyId())).stream()
                .anyMatch(d -> "test answer 1".equals(d.get("answer"))));
    }

    /**
     * SDK test_upload_results against a study imported by study-service, which gives the slide a case named like it:
     * such one-slide cases are no grouping, so rows come back without {@code caseName} (the SDK's toRow() would
     * otherwise put the case in front and the round trip fails) and the TSV has no CaseName column.
     */
    @Test
    void perSlideCasesOfAnImportedStudyAreLeftOutOfScores() {
        StudyChanged s = TestStudies.resultsStudyWithPerSlideCase("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        List<String> rows = List.of(
                imageId + "\ttest-image\t" + TestStudies.USER + "\tOptions question\tOption2",
                imageId + "\ttest-image\t" + TestStudies.USER + "\tTest question\ttest answer 1");
        upload(ALL, s.studyId(), "\n" + String.join("\n", rows)).then().statusCode(200)
                .body("success", equalTo(true));

        List<Map<String, Object>> back = scores(ALL, Map.of("studyid", s.studyId()));
        assertEquals(2, back.size());
        back.forEach(d -> assertFalse(d.containsKey("caseName"), d.toString()));
        assertEquals(rows, back.stream().map(ResultsResourceTest::toRow).sorted().toList());
        // filtering by the slide's case still works
        assertEquals(2, scores(ALL, Map.of("studyid", s.studyId(), "caseid", s.cases().get(0).id())).size());

        String tsv = given().header("Authorization", TestTokens.bearer(ALL)).accept("text/plain")
                .queryParam("studyid", s.studyId()).get("/Api/Scores")
                .then().statusCode(200).contentType(startsWith("text/tab-separated-values")).extract().asString();
        assertEquals("ImageID\tImage Name\tBy\tQuestion\tAnswer", tsv.split("\n")[0]);
    }

    @Test
    void tmaAndCaseRowsComeBackWithTheirKeysAndFilterWorks() {
        StudyChanged s = TestStudies.caseAndTmaStudy("owner");
        FakeStudyService.put(s);
        long plain = s.images().get(0).id();
        long tma = s.images().get(1).id();
        long loose = s.images().get(2).id();
        String text = "Case One\t" + plain + "\tplain\t" + TestStudies.USER + "\tScore\t3\n"
                + "Case One\t" + tma + "\ttma\t" + TestStudies.USER + "\t0\t1\tS-B\tScore\t7\n"
                + "Case One\t" + TestStudies.USER + "\tPct\t55.5\n"
                + loose + "\tloose\tother@example.com\tScore\t-2\n";
        upload(ALL, s.studyId(), text).then().body("success", equalTo(true)).body("log", startsWith("Stored 4 answers"));

        List<Map<String, Object>> all = scores(ALL, Map.of("studyid", s.studyId()));
        assertEquals(4, all.size());
        Map<String, Object> core = all.stream().filter(d -> d.containsKey("tmaRow")).findFirst().orElseThrow();
        assertEquals(0, core.get("tmaRow"));
        assertEquals(1, core.get("tmaCol"));
        assertEquals("S-B", core.get("tmaSampleID"));
        assertEquals("Case One", core.get("caseName"));
        Map<String, Object> caseLevel = all.stream().filter(d -> d.get("imageID") == null).findFirst().orElseThrow();
        assertEquals("Pct", caseLevel.get("question"));
        assertEquals("Case One", caseLevel.get("caseName"));
        Map<String, Object> looseRow = all.stream().filter(d -> "loose".equals(d.get("imageName"))).findFirst().orElseThrow();
        assertFalse(looseRow.containsKey("caseName"));

        assertEquals(3, scores(ALL, Map.of("studyid", s.studyId(), "caseid", s.cases().get(0).id())).size());
        assertEquals(1, scores(ALL, Map.of("studyid", s.studyId(), "email", "OTHER@example.com")).size());
        assertEquals(1, scores(ALL, Map.of("studyid", s.studyId(), "imageid", tma)).size());
        assertEquals(1, scores(ALL, Map.of("studyid", s.studyId(), "question", "Pct")).size());
        assertEquals(0, scores(ALL, Map.of("studyid", s.studyId(), "question", "No such")).size());

        // TSV when JSON is not asked for: header with case and TMA columns, parseable by UploadResults again.
        String tsv = given().header("Authorization", TestTokens.bearer(ALL)).accept("text/plain")
                .queryParam("studyid", s.studyId()).get("/Api/Scores")
                .then().statusCode(200).contentType(startsWith("text/tab-separated-values")).extract().asString();
        String[] lines = tsv.split("\n");
        assertEquals("CaseName\tImageID\tImage Name\tBy\tTMA Row\tTMA Col\tTMA Sample\tQuestion\tAnswer", lines[0]);
        assertEquals(5, lines.length);
        assertTrue(tsv.contains("Case One\t" + tma + "\ttma\t" + TestStudies.USER + "\t0\t1\tS-B\tScore\t7\n"), tsv);
        upload(ALL, s.studyId(), tsv).then().body("success", equalTo(true)).body("log", startsWith("Stored 4 answers"));
    }

    @Test
    void badUploadsAnswerSuccessFalseWithTheLine() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        long imageId = s.images().get(0).id();
        upload(ALL, s.studyId(), "\n" + imageId + "\ttest-image\t" + TestStudies.USER + "\tOptions question\tOption7")
                .then().statusCode(200).body("success", equalTo(false))
                .body("log", startsWith("line 2: invalid answer to \"Options question\""));
        upload(ALL, s.studyId(), imageId + "\tonly three\tcolumns").then().body("success", equalTo(false))
                .body("log", equalTo("line 1: expected 4, 5, 6, 8 or 9 TAB-separated columns, found 3"));
        upload(ALL, s.studyId(), imageId + "\ttest-image\tstranger@example.com\tTest question\tx")
                .then().body("success", equalTo(false)).body("log", startsWith("line 1: user stranger@example.com"));
        upload(ALL, 987654321L, imageId + "\ttest-image\t" + TestStudies.USER + "\tTest question\tx")
                .then().body("success", equalTo(false)).body("log", equalTo("Study 987654321 not found"));
        given().header("Authorization", TestTokens.bearer(ALL)).formParam("studyid", "abc").formParam("results", "")
                .post("/Api/UploadResults").then().statusCode(200).body("success", equalTo(false));
        assertEquals(0, scores(ALL, Map.of("studyid", s.studyId())).size());
    }

    @Test
    void readThroughHappensOnceThenTheProjectionAnswers() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        int before = FakeStudyService.SNAPSHOT_REQUESTS.get();
        scores(ALL, Map.of("studyid", s.studyId()));
        scores(ALL, Map.of("studyid", s.studyId()));
        assertEquals(before + 1, FakeStudyService.SNAPSHOT_REQUESTS.get());
    }

    @Test
    void largeUploadSpansSeveralBatchesAndEmptyStudyIsAnEmptyArray() {
        StudyChanged base = TestStudies.resultsStudy("owner");
        List<StudyChanged.Image> images = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            images.add(new StudyChanged.Image(base.studyId() * 100_000 + i, "img" + i, "p" + i, null, null, 0, 1, null));
        }
        List<StudyChanged.User> users = new ArrayList<>();
        for (int u = 0; u < 10; u++) {
            users.add(new StudyChanged.User("u" + u + "@example.com", List.of("canscore")));
        }
        StudyChanged s = new StudyChanged(base.studyId(), base.name(), "owner", 1, base.changedAt(), images,
                base.questions(), users, List.of(), List.of());
        FakeStudyService.put(s);
        given().header("Authorization", TestTokens.bearer(ALL)).accept(ContentType.JSON)
                .queryParam("studyid", s.studyId()).post("/Api/Scores").then().statusCode(200).body(equalTo("[]"));
        StringBuilder text = new StringBuilder("ImageID\tImage Name\tBy\tQuestion\tAnswer\n");
        for (StudyChanged.User u : users) {
            for (StudyChanged.Image i : images) {
                text.append(i.id()).append('\t').append(i.name()).append('\t').append(u.email())
                        .append("\tTest question\t").append(i.id() % 97).append('\n');
            }
        }
        upload(ALL, s.studyId(), text.toString()).then().body("success", equalTo(true))
                .body("log", equalTo("Stored 12000 answers from 12000 rows"));
        List<Map<String, Object>> back = scores(ALL, Map.of("studyid", s.studyId()));
        assertEquals(12000, back.size());
        assertEquals(12000, back.stream().map(d -> d.get("id")).distinct().count());
        // A failure in the last row of a large upload stores nothing of it.
        upload(ALL, s.studyId(), text.toString().replace("\t" + images.get(0).id() % 97 + "\n", "\tchanged\n")
                + "1\tx\tu0@example.com\tTest question\tv").then().body("success", equalTo(false))
                .body("log", equalTo("line 12002: image 1 is not in study " + s.name()));
        assertTrue(scores(ALL, Map.of("studyid", s.studyId(), "imageid", images.get(0).id())).stream()
                .noneMatch(d -> "changed".equals(d.get("answer"))));
    }

    @Test
    void aStaleProjectionIsRefreshedWhenARowNamesSomethingNew() {
        StudyChanged s = TestStudies.resultsStudy("owner");
        FakeStudyService.put(s);
        scores(ALL, Map.of("studyid", s.studyId()));   // the projection now holds revision 1
        // A Reimport adds an image and a question; its event has not reached scoring yet.
        List<StudyChanged.Image> images = new ArrayList<>(s.images());
        images.add(new StudyChanged.Image(s.studyId() * 100 + 50, "new-image", "n.tif", null, null, 0, 1, null));
        List<StudyChanged.Question> questions = new ArrayList<>(s.questions());
        questions.add(new StudyChanged.Question(s.studyId() * 10 + 9, "New question", "Integer", null, 9));
        FakeStudyService.put(new StudyChanged(s.studyId(), s.name(), s.ownerTokenId(), 2, s.changedAt(), images,
                questions, s.users(), s.cases(), s.tmaMaps()));
        upload(ALL, s.studyId(), (s.studyId() * 100 + 50) + "\tnew-image\t" + TestStudies.USER + "\tNew question\t4")
                .then().body("success", equalTo(true)).body("log", equalTo("Stored 1 answers from 1 rows"));
        // Still unknown after the refresh: the error of the row.
        upload(ALL, s.studyId(), "77\tx\t" + TestStudies.USER + "\tNew question\t4")
                .then().body("success", equalTo(false)).body("log", equalTo("line 1: image 77 is not in study " + s.name()));
    }

    @Test
    void missingTokenIs401() {
        given().formParam("studyid", 1).get("/Api/Scores").then().statusCode(401);
    }
}
