package org.slidescore.common.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Form bodies over HTTP/2 cleartext, as Java's {@link HttpClient} sends them by default: the first request of a
 * connection goes as HTTP/1.1 with {@code Upgrade: h2c} (the body travels before the switch), the following ones as
 * HTTP/2 streams. Both must bind like HTTP/1.1 bodies do.
 */
@QuarkusTest
@TestProfile(NoInfrastructureProfile.class)
@QuarkusTestResource(TestKeys.class)
class H2cFormBodyTest {
    @TestHTTPResource("/Api/Echo")
    URI echo;

    private static String token() {
        return "Bearer " + TestKeys.SIGNER.sign(UUID.randomUUID().toString(), "t", EnumSet.noneOf(Right.class),
                List.of(), List.of(), List.of(), Instant.now().plus(Duration.ofHours(1)));
    }

    private HttpRequest form(String method, String body) {
        return HttpRequest.newBuilder(echo).header("Authorization", token()).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void formPostAndFormGetOverH2cBindTheirParameters() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // first request of the connection: HTTP/1.1 + Upgrade: h2c, answered over HTTP/2
        HttpResponse<String> first = client.send(form("POST", "studyid=11&email=a%40b"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"studyId\":11"), first.body());
        assertTrue(first.body().contains("\"email\":\"a@b\""), first.body());
        // now on an HTTP/2 stream
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> post = client.send(form("POST", "StudyID=" + (20 + i)),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, post.version());
            assertEquals(200, post.statusCode(), post.body());
            assertTrue(post.body().contains("\"studyId\":" + (20 + i)), post.body());
            HttpResponse<String> get = client.send(form("GET", "studyid=" + (30 + i)),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, get.statusCode(), get.body());
            assertTrue(get.body().contains("\"studyId\":" + (30 + i)), get.body());
        }
    }
}
