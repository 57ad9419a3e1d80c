package org.slidescore.common.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;
import jakarta.inject.Inject;
import org.slidescore.common.auth.PemKeys;
import org.slidescore.common.auth.RevokedTokens;
import org.slidescore.common.auth.Right;
import org.slidescore.common.auth.TokenSigner;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The wire rules inside a real Quarkus REST application: the filter, the binding, the error mapper. */
@QuarkusTest
@TestProfile(NoInfrastructureProfile.class)
@QuarkusTestResource(TestKeys.class)
class WireEndpointsTest {
    @Inject
    RevokedTokens revoked;

    private static final RestAssuredConfig NO_CHARSET = RestAssuredConfig.config().encoderConfig(
            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    private static String token(Right... rights) {
        return "Bearer " + TestKeys.SIGNER.sign(UUID.randomUUID().toString(), "t",
                rights.length == 0 ? EnumSet.noneOf(Right.class) : EnumSet.copyOf(List.of(rights)),
                List.of(), List.of(), List.of(), Instant.now().plus(Duration.ofHours(1)));
    }

    @Test
    void getWithFormBodyAndEmptyQueryLikeThePythonSdk() {
        given().config(NO_CHARSET).header("Authorization", token()).accept("application/json")
                .contentType("application/x-www-form-urlencoded").body("studyid=3&email=a%40b")
                .when().get("/Api/Echo")
                .then().statusCode(200).body("studyId", equalTo(3)).body("email", equalTo("a@b"));
    }

    @Test
    void postFormAndQueryStringBothBind() {
        given().header("Authorization", token()).formParam("StudyID", "5").when().post("/Api/Echo")
                .then().statusCode(200).body("studyId", equalTo(5));
        given().header("Authorization", token()).queryParam("studyId", "6").queryParam("email", "q@x")
                .when().get("/Api/Echo")
                .then().statusCode(200).body("studyId", equalTo(6)).body("email", equalTo("q@x"));
    }

    @Test
    void jaxRsFormParamsStillBind() {
        given().header("Authorization", token()).formParam("studyId", "9").queryParam("q", "x")
                .when().post("/Api/FormParams")
                .then().statusCode(200).body("formParam", equalTo("9")).body("queryParam", equalTo("x"))
                .body("api", equalTo("9"));
    }

    @Test
    void acceptJsonOnAJpegEndpointIsNot406() {
        given().header("Authorization", token(Right.CanGetPixels)).accept("application/json")
                .when().get("/Api/Picture")
                .then().statusCode(200).contentType("image/jpeg");
    }

    @Test
    void errorsComeInTheEndpointsStyleWithStatus200() {
        given().header("Authorization", token()).accept("application/json").when().post("/Api/Finish")
                .then().statusCode(200).body(equalTo("\"Missing parameter id\""));
        given().header("Authorization", token()).formParam("id", "1").when().post("/Api/Finish")
                .then().statusCode(200).body(equalTo("\"OK\""));
        given().header("Authorization", token()).formParam("results", "x").when().post("/Api/Upload")
                .then().statusCode(200)
                .body(equalTo("{\"success\":false,\"log\":\"This API token lacks the right CanUploadScores\"}"));
        given().header("Authorization", token(Right.CanUploadScores)).formParam("results", "abc")
                .when().post("/Api/Upload")
                .then().statusCode(200).body(equalTo("{\"success\":true,\"log\":\"3\"}"));
        given().header("Authorization", token()).when().post("/Api/Anno2")
                .then().statusCode(200).body(equalTo("{\"success\":false,\"error\":\"No such question \\\"x\\\"\"}"));
        given().header("Authorization", token()).accept("application/json").when().get("/Api/Picture")
                .then().statusCode(200).body(equalTo("\"This API token lacks the right CanGetPixels\""));
        given().header("Authorization", token()).queryParam("studyId", "abc").when().get("/Api/Echo")
                .then().statusCode(200).body(equalTo("\"Parameter studyId must be a whole number, got 'abc'\""));
    }

    @Test
    void badTokensGet401WithAShortBody() {
        given().when().get("/Api/Echo").then().statusCode(401).body(equalTo("missing bearer token"));
        given().header("Authorization", "Bearer abc").when().get("/Api/Echo")
                .then().statusCode(401).body(equalTo("malformed token"));
        String expired = "Bearer " + TestKeys.SIGNER.sign("e", "t", EnumSet.allOf(Right.class), List.of(), List.of(),
                List.of(), Instant.now().minus(Duration.ofHours(2)));
        given().header("Authorization", expired).when().get("/Api/Echo")
                .then().statusCode(401).body(equalTo("token expired"));
        given().header("Authorization", token() + "#expires:2027-06-05T00:00:00").queryParam("studyid", "1")
                .when().get("/Api/Echo").then().statusCode(200);
    }

    @Test
    void aTokenSignedWithAnotherKeyOrRevokedGets401Too() {
        String foreign = "Bearer " + new TokenSigner(PemKeys.generateRsa().getPrivate()).sign(
                UUID.randomUUID().toString(), "t", EnumSet.allOf(Right.class), List.of(), List.of(), List.of(),
                Instant.now().plus(Duration.ofHours(1)));
        given().header("Authorization", foreign).when().get("/Api/Echo")
                .then().statusCode(401).body(equalTo("bad token signature"));

        String id = UUID.randomUUID().toString();
        String jwt = TestKeys.SIGNER.sign(id, "t", EnumSet.allOf(Right.class), List.of(), List.of(), List.of(),
                Instant.now().plus(Duration.ofHours(1)));
        given().header("Authorization", "Bearer " + jwt).queryParam("studyid", "1").when().get("/Api/Echo")
                .then().statusCode(200);
        revoked.revoke(id, Instant.now().plus(Duration.ofHours(1)));
        given().header("Authorization", "Bearer " + jwt).queryParam("studyid", "1").when().get("/Api/Echo")
                .then().statusCode(401).body(equalTo("token revoked"));
    }

    @Test
    void oversizedFormBodiesAreRefused() {
        String big = "results=" + "a".repeat(70 * 1024);
        given().header("Authorization", token(Right.CanUploadScores)).contentType("application/x-www-form-urlencoded")
                .body(big).when().post("/Api/Upload").then().statusCode(413);
    }
}
