package org.slidescore.notification.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.events.Topics;
import org.slidescore.notification.support.Fixtures;
import org.slidescore.notification.support.GreenMailResource;
import org.slidescore.notification.support.StudyServiceResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The projection of study-changed events: newest revision wins, a tombstone forgets the study. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "notification"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(StudyServiceResource.class)
class StudyProjectionTest {

    @Test
    void anOlderSnapshotDoesNotUndoANewerOneAndUsersFollowTheNewest() {
        Fixtures.publishStudy(Fixtures.study(505, "Revisions", 2, "new@example.org"));
        Fixtures.publishStudy(Fixtures.study(505, "Revisions", 1, "old@example.org"));
        // a later study on the same topic as a marker that both records above have been applied
        Fixtures.publishStudy(Fixtures.study(506, "Marker", 1, "m@example.org"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Fixtures.number("SELECT count(*) FROM study_member WHERE study_id = 506") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Fixtures.number("SELECT count(*) FROM known_study WHERE study_id = 505 AND revision = 2") == 1);
        send(505, "old@example.org")
                .body(equalTo("{\"success\":false,\"log\":\"old@example.org is not a user of study 505\"}"));
        send(505, "NEW@example.org").body(equalTo("{}"));

        Fixtures.publishStudy(Fixtures.study(505, "Revisions", 3, "old@example.org"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.number(
                "SELECT count(*) FROM study_member WHERE study_id = 505 AND email = 'old@example.org'") == 1);
        send(505, "new@example.org")
                .body(equalTo("{\"success\":false,\"log\":\"new@example.org is not a user of study 505\"}"));
    }

    @Test
    void aTombstoneForgetsTheStudy() {
        Fixtures.publishStudy(Fixtures.study(507, "Doomed", 1, "x@example.org"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Fixtures.number("SELECT count(*) FROM study_member WHERE study_id = 507") == 1);
        Fixtures.send(Topics.STUDY_CHANGED, "507", null);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Fixtures.number("SELECT count(*) FROM known_study WHERE study_id = 507") == 0);
        assertEquals(0, Fixtures.number("SELECT count(*) FROM study_member WHERE study_id = 507"));
        send(507, "x@example.org").body(equalTo("{\"success\":false,\"log\":\"Study 507 not found\"}"));
    }

    private static ValidatableResponse send(long studyId, String to) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetConfig)))
                .contentType(ContentType.URLENC).formParam("studyId", Long.toString(studyId)).formParam("to", to)
                .formParam("subject", "projection").formParam("body", "b")
                .when().post("/Api/SendEmail").then().statusCode(200);
    }
}
