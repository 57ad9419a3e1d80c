package org.slidescore.study.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * For Reimports of tens of thousands of slides: the HTTP call waits up to 30 minutes for the worker (the test profile's
 * 60 s is too short on a loaded 2-core machine), and so does the test's HTTP client. Both spellings of the timeout, so
 * the override beats {@code %test.} in application.properties.
 */
public class LongReimportProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("slidescore.study.reimport-timeout", "PT30M",
                "%test.slidescore.study.reimport-timeout", "PT30M",
                // RestAssured's socket timeout in Quarkus tests (30 s by default)
                "quarkus.http.test-timeout", "30M");
    }
}
