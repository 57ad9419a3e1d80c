package org.slidescore.study;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.TestTokens;
import org.slidescore.testsupport.PostgresResource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "db", value = "study"))
class StudiesResourceTest {

    @Test
    void noStudiesIsAnEmptyArray() {
        given().header("Authorization", TestTokens.bearer(TestTokens.none())).accept("application/json")
                .when().get("/Api/Studies")
                .then().statusCode(200).body(equalTo("[]"));
    }

    @Test
    void healthReportsDatabaseAndKafka() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
