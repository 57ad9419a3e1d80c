package org.slidescore.gateway;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Every /Api call needs a verified, unexpired, unrevoked token: else 401 with a short body, before any service. */
@QuarkusTest
@GatewayTest
class TokenAuthTest {

    @Test
    void missingToken() {
        given().when().get("/Api/Studies").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .header("X-Downstream", (String) null).body(equalTo("missing bearer token"));
    }

    @Test
    void notABearer() {
        given().header("Authorization", "Basic YWRtaW46eA==").when().get("/Api/Studies").then().statusCode(401)
                .body(equalTo("Authorization must be Bearer <token>"));
    }

    @Test
    void malformedToken() {
        given().header("Authorization", "Bearer abc.def").when().get("/Api/Studies").then().statusCode(401)
                .body(equalTo("malformed token"));
        given().header("Authorization", "Bearer e30.e30.e30").when().get("/Api/Studies").then().statusCode(401)
                .body(equalTo("malformed token"));
    }

    @Test
    void badSignature() {
        given().header("Authorization", TestTokens.bearer(TestTokens.badSignature())).when().get("/Api/Studies")
                .then().statusCode(401).body(equalTo("bad token signature"));
    }

    @Test
    void expiredToken() {
        given().header("Authorization", TestTokens.bearer(TestTokens.expired())).when().post("/Api/Images")
                .then().statusCode(401).body(equalTo("token expired"));
    }

    @Test
    void revokedToken() {
        String jwt = TestTokens.all();
        given().header("Authorization", TestTokens.bearer(jwt)).when().get("/Api/Studies").then().statusCode(200);
        given().header("Authorization", TestTokens.bearer(jwt)).when().post("/Api/GiveUpToken")
                .then().statusCode(200).body(equalTo("{}"));
        given().header("Authorization", TestTokens.bearer(jwt)).when().get("/Api/Studies")
                .then().statusCode(401).body(equalTo("token revoked"));
    }

    @Test
    void aTokenWithoutRightsStillPassesTheGateway() {
        // The gateway authenticates; each service authorizes with the rights its endpoints need.
        given().header("Authorization", TestTokens.bearer(TestTokens.none())).when().get("/Api/Studies")
                .then().statusCode(200).body("path", equalTo("/Api/Studies"));
        given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetPixels)))
                .when().get("/Api/GetTileServer?imageId=1").then().statusCode(200);
    }
}
