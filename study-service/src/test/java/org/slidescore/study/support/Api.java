package org.slidescore.study.support;

import io.restassured.response.ValidatableResponse;
import org.slidescore.testsupport.TestTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.StringJoiner;

import static io.restassured.RestAssured.given;

/** Calls shaped like the Python SDK's: form-urlencoded bodies, also on GET, {@code Accept: application/json}. */
public final class Api {
    public static final Path TEST_IMAGE = Path.of("/work/shared/testdata/test-image.TiFF");

    /** {@code name=value&...} from alternating names and values. */
    public static String form(Object... nameValues) {
        StringJoiner j = new StringJoiner("&");
        for (int i = 0; i < nameValues.length; i += 2) {
            j.add(URLEncoder.encode(String.valueOf(nameValues[i]), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(String.valueOf(nameValues[i + 1]), StandardCharsets.UTF_8));
        }
        return j.toString();
    }

    public static ValidatableResponse post(String jwt, String method, Object... nameValues) {
        return given().header("Authorization", TestTokens.bearer(jwt)).accept("application/json")
                .contentType("application/x-www-form-urlencoded").body(form(nameValues))
                .when().post("/Api/" + method).then().statusCode(200);
    }

    public static ValidatableResponse get(String jwt, String method, Object... nameValues) {
        return given().header("Authorization", TestTokens.bearer(jwt)).accept("application/json")
                .contentType("application/x-www-form-urlencoded").body(form(nameValues))
                .when().get("/Api/" + method).then().statusCode(200);
    }

    public static void write(String relative, String content) {
        try {
            Path p = ImagesRootResource.root().resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the SDK's test slide to {@code relative} in the images root. */
    public static Path copyTestImage(String relative) {
        try {
            Path p = ImagesRootResource.root().resolve(relative);
            Files.createDirectories(p.getParent());
            return Files.copy(TEST_IMAGE, p, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Api() {
    }
}
