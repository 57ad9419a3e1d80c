package org.slidescore.study;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.slidescore.study.support.Api;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** {@code GET /internal/images/{id}}: the study an image belongs to, for scoring's calls that name only an image. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class InternalImagesTest {

    @Test
    void imageIdGivesItsStudyAndUnknownOrBadIdsAreProblems() {
        String jwt = TestTokens.all();
        Api.write("study.ImgLookup.emails", "pytest@example.com\n");
        Api.copyTestImage("ImgLookup/lookup-slide.tif");
        long studyId = Api.post(jwt, "Reimport", "studyName", "ImgLookup").body("success", equalTo(true))
                .extract().jsonPath().getLong("id");
        long imageId = Api.get(jwt, "Images", "studyid", studyId).extract().jsonPath().getLong("[0].id");

        given().when().get("/internal/images/" + imageId).then().statusCode(200)
                .contentType("application/json")
                .body("imageId", equalTo((int) imageId)).body("studyId", equalTo((int) studyId));
        given().when().get("/internal/images/" + (imageId + 100000)).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().when().get("/internal/images/abc").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("'abc' is not an image id"));
    }
}
