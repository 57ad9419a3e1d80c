package org.slidescore.notification.rest;

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
import org.slidescore.notification.support.GreenMailResource;
import org.slidescore.notification.support.StudyServiceResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The rights matrix of SendEmail and GetEmailStatus: every endpoint × the right they need ({@code CanGetConfig}),
 * the other rights, and the read/modify study restrictions (by id and by name); plus the 401 cases.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "notification"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(StudyServiceResource.class)
class EmailRightsTest {
    static final String NO_RIGHT = "This API token lacks the right CanGetConfig";
    static final String NOT_READABLE = "This API token may not read study Lung_HE (101)";

    @GreenMailResource.InjectSmtp
    GreenMailResource.Smtp smtp;

    @BeforeEach
    void studyIsProjected() {
        smtp.start();
        Helpers.projectStudy(SendEmailTest.STUDY, "Lung_HE", SendEmailTest.USERS);
    }

    enum Endpoint {
        SEND_EMAIL("/Api/SendEmail", "{}"),
        GET_EMAIL_STATUS("/Api/GetEmailStatus", null);

        final String path;
        final String allowedBody;

        Endpoint(String path, String allowedBody) {
            this.path = path;
            this.allowedBody = allowedBody;
        }

        ValidatableResponse call(String jwt) {
            var request = given().header("Authorization", TestTokens.bearer(jwt)).contentType(ContentType.URLENC)
                    .formParam("studyId", "101");
            if (this == SEND_EMAIL) {
                request.formParam("to", "rights@example.org").formParam("subject", "rights")
                        .formParam("body", "<LINK:Start Scoring>");
                return request.post(path).then().statusCode(200);
            }
            return request.get(path).then().statusCode(200);
        }
    }

    /** endpoint, case name, token, null when allowed or the refusal's log. */
    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Endpoint e : Endpoint.values()) {
            rows.add(Arguments.of(e, "no right at all", TestTokens.none(), NO_RIGHT));
            rows.add(Arguments.of(e, "every right but CanGetConfig",
                    TestTokens.builder().allRightsExcept(Right.CanGetConfig).sign(), NO_RIGHT));
            for (Right other : Right.values()) {
                if (other != Right.CanGetConfig) {
                    rows.add(Arguments.of(e, "only " + other, TestTokens.with(other), NO_RIGHT));
                }
            }
            rows.add(Arguments.of(e, "CanGetConfig", TestTokens.with(Right.CanGetConfig), null));
            rows.add(Arguments.of(e, "every right", TestTokens.all(), null));
            rows.add(Arguments.of(e, "read only this study by id",
                    TestTokens.builder().rights(Right.CanGetConfig).readOnlyStudies("101").sign(), null));
            rows.add(Arguments.of(e, "read only this study by name, other case",
                    TestTokens.builder().rights(Right.CanGetConfig).readOnlyStudies("other", "lung_he").sign(), null));
            rows.add(Arguments.of(e, "read only another study by id",
                    TestTokens.builder().rights(Right.CanGetConfig).readOnlyStudies("202").sign(), NOT_READABLE));
            rows.add(Arguments.of(e, "read only another study by name",
                    TestTokens.builder().rights(Right.CanGetConfig).readOnlyStudies("Fresh_Study").sign(),
                    NOT_READABLE));
            rows.add(Arguments.of(e, "modify restricted to another study (reading is enough)",
                    TestTokens.builder().rights(Right.CanGetConfig).modifyOnlyStudies("202").sign(), null));
            rows.add(Arguments.of(e, "read restriction refuses even with every right",
                    TestTokens.builder().allRights().readOnlyStudies("202").sign(), NOT_READABLE));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("matrix")
    void rights(Endpoint endpoint, String name, String jwt, String refusal) {
        ValidatableResponse response = endpoint.call(jwt);
        if (refusal != null) {
            response.body(equalTo("{\"success\":false,\"log\":\"" + refusal + "\"}"));
        } else if (endpoint.allowedBody != null) {
            response.body(equalTo(endpoint.allowedBody));
        } else {
            response.body("success", equalTo(true));
        }
    }

    static Stream<Arguments> unauthenticated() {
        List<Arguments> rows = new ArrayList<>();
        for (Endpoint e : Endpoint.values()) {
            rows.add(Arguments.of(e, "expired", TestTokens.expired()));
            rows.add(Arguments.of(e, "bad signature", TestTokens.badSignature()));
            rows.add(Arguments.of(e, "malformed", "not-a-jwt"));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1} token → 401")
    @MethodSource("unauthenticated")
    void badTokensAreRefusedWith401(Endpoint endpoint, String name, String jwt) {
        given().header("Authorization", TestTokens.bearer(jwt)).contentType(ContentType.URLENC)
                .formParam("studyId", "101").post(endpoint.path).then().statusCode(401);
    }

    @ParameterizedTest(name = "{0}: no Authorization header → 401")
    @org.junit.jupiter.params.provider.EnumSource(Endpoint.class)
    void aMissingTokenIsRefusedWith401(Endpoint endpoint) {
        given().contentType(ContentType.URLENC).formParam("studyId", "101").post(endpoint.path)
                .then().statusCode(401);
    }
}
