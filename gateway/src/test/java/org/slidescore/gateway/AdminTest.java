package org.slidescore.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rights matrix of the gateway's own endpoints: every admin endpoint × {no credentials, wrong password,
 * an API token instead, the admin} and the give-up endpoints × {no token, bad token, valid token, revoked token}.
 */
@QuarkusTest
@GatewayTest
class AdminTest {

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", GatewayTest.ADMIN_PASSWORD);
    }

    private static String createToken(String name, String... fields) {
        RequestSpecification r = admin().formParam("name", name);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            r = r.formParam(fields[i], fields[i + 1]);
        }
        return r.when().post("/Admin/CreateToken").then().statusCode(200).extract().jsonPath().getString("token");
    }

    @Test
    void adminEndpointsRefuseEveryoneButTheAdmin() {
        String apiToken = createToken("someone", "CanUpload", "true");
        record Call(String method, String path) {
        }
        for (Call c : List.of(new Call("POST", "/Admin/CreateToken"), new Call("GET", "/Admin/"),
                new Call("GET", "/Admin"), new Call("GET", "/Admin/Tokens"), new Call("POST", "/Admin/"),
                new Call("POST", "/Admin/Revoke"))) {
            for (RequestSpecification who : List.of(given(),
                    given().auth().preemptive().basic("admin", "wrong"),
                    given().auth().preemptive().basic("root", GatewayTest.ADMIN_PASSWORD),
                    given().header("Authorization", "Bearer " + apiToken))) {
                if (c.method().equals("POST")) {
                    who.formParam("name", "x");
                }
                who.when().request(c.method(), c.path()).then()
                        .statusCode(401).header("WWW-Authenticate", containsString("Basic"));
            }
        }
    }

    @Test
    void createTokenAnswersTheTokenAndItWorks() {
        JsonPath created = admin().formParam("name", "uploader").formParam("expiresOn", "2099-01-01")
                .formParam("CanUpload", "true").formParam("CanGetPixels", "True").formParam("CanGetScores", "false")
                .formParam("CanUploadOnlyInFolders", "a;b/c").formParam("CanReadOnlyStudies", "3;Lung")
                .when().post("/Admin/CreateToken")
                .then().statusCode(200).contentType("application/json")
                .body("expiresOn", equalTo("2099-01-01T00:00:00Z")).extract().jsonPath();
        String token = created.getString("token");
        String id = created.getString("id");
        given().header("Authorization", "Bearer " + token).when().get("/Api/Studies").then().statusCode(200)
                .body("headers.authorization", equalTo("Bearer " + token));
        admin().when().get("/Admin/Tokens").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.name", equalTo("uploader"))
                .body("find { it.id == '" + id + "' }.rights", equalTo(List.of("CanUpload", "CanGetPixels")))
                .body("find { it.id == '" + id + "' }.CanUploadOnlyInFolders", equalTo("a;b/c"))
                .body("find { it.id == '" + id + "' }.CanReadOnlyStudies", equalTo("3;Lung"))
                .body("find { it.id == '" + id + "' }.revokedOn", nullValue());
    }

    @Test
    void tokensWithoutExpiryAreAllowed() {
        admin().formParam("name", "forever").when().post("/Admin/CreateToken")
                .then().statusCode(200).body("expiresOn", nullValue());
    }

    @Test
    void badFieldsAre400WithAMessage() {
        admin().when().post("/Admin/CreateToken").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("Field name is required"));
        admin().formParam("name", "x").formParam("CanUplod", "true").when().post("/Admin/CreateToken")
                .then().statusCode(400).body("detail", equalTo("Unknown field CanUplod"));
        admin().formParam("name", "x").formParam("CanUpload", "maybe").when().post("/Admin/CreateToken")
                .then().statusCode(400).body("detail", equalTo("Field CanUpload must be true or false"));
        admin().formParam("name", "x").formParam("expiresOn", "tomorrow").when().post("/Admin/CreateToken")
                .then().statusCode(400).body("detail", containsString("expiresOn must be an ISO date"));
        admin().formParam("name", "x").formParam("expiresOn", "2001-01-01").when().post("/Admin/CreateToken")
                .then().statusCode(400).body("detail", equalTo("Field expiresOn is in the past"));
        admin().formParam("name", "x").formParam("CanUploadOnlyInFolders", "a/../../etc").when()
                .post("/Admin/CreateToken").then().statusCode(400).body("status", equalTo(400));
    }

    @Test
    void thePageCreatesListsAndRevokes() {
        String page = admin().when().get("/Admin/").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        for (Right r : Right.values()) {
            assertTrue(page.contains("type=\"checkbox\" name=\"" + r.name() + "\""), r.name());
        }
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(page);
        assertTrue(m.find());
        String csrf = m.group(1);

        // without the page's csrf value the form is refused
        admin().formParam("name", "forged").formParam("CanUpload", "true").when().post("/Admin/")
                .then().statusCode(403);

        String created = admin().formParam("csrf", csrf).formParam("name", "from <page>")
                .formParam("expiresOn", "").formParam("CanGetPixels", "true").formParam("CanReadOnlyStudies", "")
                .when().post("/Admin/").then().statusCode(200).body(containsString("from &lt;page&gt;"))
                .extract().asString();
        Matcher t = Pattern.compile("id=\"new-token\">([^<]+)<").matcher(created);
        assertTrue(t.find(), "the new token is shown once");
        String jwt = t.group(1);
        given().header("Authorization", "Bearer " + jwt).when().get("/Api/GetTileServer").then().statusCode(200);

        String id = admin().when().get("/Admin/Tokens").then().extract().jsonPath()
                .getString("find { it.name == 'from <page>' }.id");
        admin().formParam("id", id).when().post("/Admin/Revoke").then().statusCode(403);
        admin().redirects().follow(false).formParam("csrf", csrf).formParam("id", id).when().post("/Admin/Revoke")
                .then().statusCode(303).header("Location", containsString("/Admin/"));
        given().header("Authorization", "Bearer " + jwt).when().get("/Api/GetTileServer").then().statusCode(401)
                .body(equalTo("token revoked"));
        admin().when().get("/Admin/Tokens").then()
                .body("find { it.id == '" + id + "' }.revokedOn", not(nullValue()));
        admin().when().get("/Admin/").then().body(not(containsString("name=\"id\" value=\"" + id + "\"")));

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String action : List.of("created", "revoked")) {
            Matcher v = Pattern.compile("(?m)^slidescore_gateway_tokens_total\\{action=\"" + action + "\"\\} (\\S+)")
                    .matcher(metrics);
            assertTrue(v.find() && Double.parseDouble(v.group(1)) >= 1, "tokens " + action + " counter");
        }
    }

    @Test
    void adminGiveupTokenTakesTheTokenAsFormField() {
        String jwt = createToken("webhook", "CanGetScores", "true");
        given().header("Authorization", "Bearer " + jwt).when().get("/Api/Scores").then().statusCode(200);
        given().formParam("token", jwt).when().post("/Admin/GiveupToken").then().statusCode(200).body(equalTo("{}"));
        given().header("Authorization", "Bearer " + jwt).when().get("/Api/Scores").then().statusCode(401);
        // giving it up again is harmless
        given().formParam("token", jwt).when().post("/Admin/GiveupToken").then().statusCode(200).body(equalTo("{}"));
        given().formParam("token", "garbage").when().post("/Admin/GiveupToken").then().statusCode(401);
        given().contentType("application/x-www-form-urlencoded").when().post("/Admin/GiveupToken").then().statusCode(400);
    }

    @Test
    void apiGiveUpTokenRevokesTheBearer() {
        String jwt = createToken("sdk");
        given().header("Authorization", "Bearer " + jwt).contentType("application/x-www-form-urlencoded")
                .when().post("/Api/GiveUpToken").then().statusCode(200).body(equalTo("{}"));
        given().header("Authorization", "Bearer " + jwt).when().post("/Api/GiveUpToken").then().statusCode(401)
                .body(equalTo("token revoked"));
        given().when().post("/Api/GiveUpToken").then().statusCode(401).body(equalTo("missing bearer token"));
        given().header("Authorization", "Bearer x.y.z").when().post("/api/giveuptoken").then().statusCode(401);
        String id = admin().when().get("/Admin/Tokens").then().extract().jsonPath()
                .getString("find { it.name == 'sdk' }.id");
        admin().when().get("/Admin/Tokens").then().body("find { it.id == '" + id + "' }.revokedOn", not(nullValue()));
        assertEquals(1, admin().when().get("/Admin/Tokens").then().extract().jsonPath()
                .getList("findAll { it.id == '" + id + "' }").size());
    }

    @Test
    void swaggerDocumentsThePublicApi() {
        given().when().get("/swagger").then().statusCode(200).body(containsString("/swagger/v1/swagger.json"));
        JsonPath doc = given().when().get("/swagger/v1/swagger.json").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertTrue(doc.getString("openapi").startsWith("3."));
        assertEquals("Slide Score API", doc.getString("info.title"));
        assertTrue(doc.getMap("paths").containsKey("/Api/RequestUpload"));
        assertTrue(doc.getMap("paths").containsKey("/Api/GetTileServer"));
        given().when().get("/swagger/v1/swagger.json").then()
                .body("paths.'/Api/Scores'.get.parameters.name", hasItem("studyid"))
                .body("paths.'/Api/GetAnno2'.get.parameters.name", hasItem("annoUUID"))
                .body("paths.'/Api/GetAnno2'.get.responses.'200'.content", hasKey("application/zip"))
                .body("paths.'/Api/GetAnno2'.get.responses", hasKey("404"))
                .body("paths.'/Api/ConvertScoreValueToAnno2'.post.parameters.name", hasItem("scoreValueId"))
                .body("paths.'/Api/ConvertScoreValueToAnno2'", not(hasKey("get")));
    }
}
