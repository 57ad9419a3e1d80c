package org.slidescore.scoring.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slidescore.common.auth.Right;
import org.slidescore.events.StudyChanged;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.util.function.Function;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Every scoring endpoint × the rights and restrictions that matter to it → allowed or refused (in its style). */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "scoring"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class ScoringRightsTest {
    static final String OWNER = "owner-token-id";
    static StudyChanged study;
    static String anno2;

    @BeforeEach
    void study() {
        if (study == null) {
            study = TestStudies.resultsStudy(OWNER);
            FakeStudyService.put(study);
        }
    }

    enum Endpoint {
        UPLOAD_RESULTS(true) {
            ValidatableResponse call(String jwt, StudyChanged s) {
                return given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                        .formParam("studyid", s.studyId())
                        .formParam("results", s.images().get(0).id() + "\ttest-image\t" + TestStudies.USER
                                + "\tTest question\tx")
                        .post("/Api/UploadResults").then().statusCode(200);
            }
        },
        UPLOAD_ASAP(true) {
            ValidatableResponse call(String jwt, StudyChanged s) {
                return given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                        .formParam("imageid", s.images().get(0).id()).formParam("user", TestStudies.USER)
                        .formParam("asapAnnotation", "<ASAP_Annotations><Annotations><Annotation Name=\"a\" "
                                + "Type=\"Dot\" Color=\"#00ff00\"><Coordinates><Coordinate X=\"1\" Y=\"2\"/>"
                                + "</Coordinates></Annotation></Annotations></ASAP_Annotations>")
                        .formParam("questionsMap", "#00ff00;Cells")
                        .post("/Api/UploadASAPAnnotations").then().statusCode(200);
            }
        },
        SCORES(false) {
            ValidatableResponse call(String jwt, StudyChanged s) {
                return given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                        .queryParam("studyid", s.studyId()).get("/Api/Scores").then().statusCode(200);
            }
        },
        EXPORT_ASAP(false) {
            ValidatableResponse call(String jwt, StudyChanged s) {
                return given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                        .queryParam("imageid", s.images().get(0).id()).queryParam("user", TestStudies.USER)
                        .get("/Api/ExportASAPAnnotations").then().statusCode(200);
            }
        },
        /** A fresh AnnoPoints answer (stored with every right) converted with the token under test. */
        CONVERT_ANNO2(true, "error") {
            ValidatableResponse call(String jwt, StudyChanged s) {
                Anno2ConversionTest.answer(s, "Cells", "[{\"x\":1,\"y\":2}]");
                return Anno2ConversionTest.convert(jwt, s, "Cells", "{}");
            }
        },
        /** One anno2 of the study (converted once with every right) read with the token under test. */
        GET_ANNO2(false, "error") {
            ValidatableResponse call(String jwt, StudyChanged s) {
                if (anno2 == null) {
                    Anno2ConversionTest.answer(s, "Test anno", Anno2ConversionTest.SHAPES);
                    anno2 = Anno2ConversionTest.convert(TestTokens.all(), s, "Test anno", "{}").body("success", equalTo(true))
                            .extract().path("annoUUID");
                }
                return given().header("Authorization", TestTokens.bearer(jwt)).accept(ContentType.JSON)
                        .queryParam("annoUUID", anno2).get("/Api/GetAnno2").then().statusCode(200);
            }
        };

        final boolean writes;
        /** The key of the error message in the endpoint's error style. */
        final String errorKey;

        Endpoint(boolean writes) {
            this(writes, "log");
        }

        Endpoint(boolean writes, String errorKey) {
            this.writes = writes;
            this.errorKey = errorKey;
        }

        abstract ValidatableResponse call(String jwt, StudyChanged s);
    }

    static Stream<Arguments> matrix() {
        Function<TestTokens.Builder, String> sign = TestTokens.Builder::sign;
        return Stream.of(
                // writes: CanUploadScores and modify access
                Arguments.of(Endpoint.UPLOAD_RESULTS, "no rights", sign.apply(TestTokens.builder()), "lacks the right CanUploadScores"),
                Arguments.of(Endpoint.UPLOAD_RESULTS, "CanUploadScores", TestTokens.with(Right.CanUploadScores), null),
                Arguments.of(Endpoint.UPLOAD_RESULTS, "all but CanUploadScores", TestTokens.builder().allRightsExcept(Right.CanUploadScores).sign(), "lacks the right CanUploadScores"),
                Arguments.of(Endpoint.UPLOAD_RESULTS, "modify only another study", TestTokens.builder().rights(Right.CanUploadScores).modifyOnlyStudies("other").sign(), "may not modify study"),
                Arguments.of(Endpoint.UPLOAD_RESULTS, "read only another study", TestTokens.builder().rights(Right.CanUploadScores).readOnlyStudies("other").sign(), "may not modify study"),
                Arguments.of(Endpoint.UPLOAD_RESULTS, "modify only this study by name", TestTokens.builder().rights(Right.CanUploadScores).modifyOnlyStudies("x", "STUDY_NAME").sign(), null),
                Arguments.of(Endpoint.UPLOAD_ASAP, "no rights", TestTokens.none(), "lacks the right CanUploadScores"),
                Arguments.of(Endpoint.UPLOAD_ASAP, "CanUploadScores", TestTokens.with(Right.CanUploadScores), null),
                Arguments.of(Endpoint.UPLOAD_ASAP, "modify only another study", TestTokens.builder().rights(Right.CanUploadScores).modifyOnlyStudies("other").sign(), "may not modify study"),
                // reads: CanGetAnyScores, or CanGetScores on an owned study; and read access
                Arguments.of(Endpoint.SCORES, "no rights", TestTokens.none(), "lacks the right CanGetScores or CanGetAnyScores"),
                Arguments.of(Endpoint.SCORES, "CanGetScores, owner", TestTokens.builder().id(OWNER).rights(Right.CanGetScores).sign(), null),
                Arguments.of(Endpoint.SCORES, "CanGetScores, not owner", TestTokens.with(Right.CanGetScores), "CanGetAnyScores is needed"),
                Arguments.of(Endpoint.SCORES, "CanGetAnyScores", TestTokens.with(Right.CanGetAnyScores), null),
                Arguments.of(Endpoint.SCORES, "CanGetAnyScores, read only another study", TestTokens.builder().rights(Right.CanGetAnyScores).readOnlyStudies("999999").sign(), "may not read study"),
                Arguments.of(Endpoint.SCORES, "CanGetAnyScores, read only this study by id", TestTokens.builder().rights(Right.CanGetAnyScores).readOnlyStudies("STUDY_ID").sign(), null),
                Arguments.of(Endpoint.SCORES, "owner, read only another study", TestTokens.builder().id(OWNER).rights(Right.CanGetScores).readOnlyStudies("other").sign(), "may not read study"),
                Arguments.of(Endpoint.SCORES, "CanUploadScores only", TestTokens.with(Right.CanUploadScores), "lacks the right"),
                Arguments.of(Endpoint.EXPORT_ASAP, "no rights", TestTokens.none(), "lacks the right CanGetScores or CanGetAnyScores"),
                Arguments.of(Endpoint.EXPORT_ASAP, "CanGetScores, owner", TestTokens.builder().id(OWNER).rights(Right.CanGetScores).sign(), null),
                Arguments.of(Endpoint.EXPORT_ASAP, "CanGetScores, not owner", TestTokens.with(Right.CanGetScores), "CanGetAnyScores is needed"),
                Arguments.of(Endpoint.EXPORT_ASAP, "CanGetAnyScores", TestTokens.with(Right.CanGetAnyScores), null),
                Arguments.of(Endpoint.EXPORT_ASAP, "CanGetAnyScores, read only another study", TestTokens.builder().rights(Right.CanGetAnyScores).readOnlyStudies("other").sign(), "may not read study"),
                // anno2 conversion: as CreateAnno2 (CanUploadScores and modify access)
                Arguments.of(Endpoint.CONVERT_ANNO2, "no rights", TestTokens.none(), "lacks the right CanUploadScores"),
                Arguments.of(Endpoint.CONVERT_ANNO2, "CanUploadScores", TestTokens.with(Right.CanUploadScores), null),
                Arguments.of(Endpoint.CONVERT_ANNO2, "all but CanUploadScores", TestTokens.builder().allRightsExcept(Right.CanUploadScores).sign(), "lacks the right CanUploadScores"),
                Arguments.of(Endpoint.CONVERT_ANNO2, "modify only another study", TestTokens.builder().rights(Right.CanUploadScores).modifyOnlyStudies("other").sign(), "may not modify study"),
                Arguments.of(Endpoint.CONVERT_ANNO2, "modify only this study by name", TestTokens.builder().rights(Right.CanUploadScores).modifyOnlyStudies("x", "STUDY_NAME").sign(), null),
                // serving an anno2 zip: as Scores
                Arguments.of(Endpoint.GET_ANNO2, "no rights", TestTokens.none(), "lacks the right CanGetScores or CanGetAnyScores"),
                Arguments.of(Endpoint.GET_ANNO2, "CanGetScores, owner", TestTokens.builder().id(OWNER).rights(Right.CanGetScores).sign(), null),
                Arguments.of(Endpoint.GET_ANNO2, "CanGetScores, not owner", TestTokens.with(Right.CanGetScores), "CanGetAnyScores is needed"),
                Arguments.of(Endpoint.GET_ANNO2, "CanGetAnyScores", TestTokens.with(Right.CanGetAnyScores), null),
                Arguments.of(Endpoint.GET_ANNO2, "CanGetAnyScores, read only another study", TestTokens.builder().rights(Right.CanGetAnyScores).readOnlyStudies("999999").sign(), "may not read study"),
                Arguments.of(Endpoint.GET_ANNO2, "CanGetAnyScores, read only this study by id", TestTokens.builder().rights(Right.CanGetAnyScores).readOnlyStudies("STUDY_ID").sign(), null),
                Arguments.of(Endpoint.GET_ANNO2, "CanUploadScores only", TestTokens.with(Right.CanUploadScores), "lacks the right"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("matrix")
    void rightsMatrix(Endpoint endpoint, String label, String jwt, String refusal) {
        // Restrictions naming "this" study are minted per study (ids are only known at run time).
        String token = jwt;
        if (label.endsWith("by name")) {
            token = TestTokens.builder().rights(Right.CanUploadScores).modifyOnlyStudies("x", study.name()).sign();
        } else if (label.endsWith("by id")) {
            token = TestTokens.builder().rights(Right.CanGetAnyScores).readOnlyStudies(Long.toString(study.studyId())).sign();
        }
        ValidatableResponse r = endpoint.call(token, study);
        if (refusal == null) {
            if (endpoint == Endpoint.SCORES) {
                r.body(startsWith("["));
            } else if (endpoint == Endpoint.EXPORT_ASAP) {
                r.body(startsWith("<"));
            } else if (endpoint == Endpoint.GET_ANNO2) {
                r.contentType("application/zip").body(startsWith("PK"));
            } else {
                r.body("success", equalTo(true));
            }
        } else {
            r.body("success", equalTo(false)).body(endpoint.errorKey, containsString(refusal)).body(not(containsString("Exception")));
        }
    }
}
