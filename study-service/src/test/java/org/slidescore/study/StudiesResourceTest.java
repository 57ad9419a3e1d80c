package org.slidescore.study;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class StudiesResourceTest {

    @Test
    void studiesWithoutATokenIsRefused() {
        given().accept("application/json").when().get("/Api/Studies").then().statusCode(401);
    }

    @Test
    void aTokenLimitedToAnUnknownStudySeesAnEmptyArray() {
        String jwt = TestTokens.builder().allRights().readOnlyStudies("NoSuchStudy").sign();
        given().header("Authorization", TestTokens.bearer(jwt)).accept("application/json").when().get("/Api/Studies")
                .then().statusCode(200).body(equalTo("[]"));
    }

    @Test
    void healthReportsDatabaseAndKafka() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
