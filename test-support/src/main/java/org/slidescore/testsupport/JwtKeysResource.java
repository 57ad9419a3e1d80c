package org.slidescore.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points {@code slidescore.jwt.public-key-location} (every service) and {@code slidescore.jwt.private-key-location}
 * (the gateway) at the test key pair that {@link TestTokens} signs with. Use with
 * {@code @QuarkusTestResource(JwtKeysResource.class)}.
 */
public class JwtKeysResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of(
                "slidescore.jwt.public-key-location", TestTokens.publicKeyFile().toString(),
                "slidescore.jwt.private-key-location", TestTokens.privateKeyFile().toString());
    }

    @Override
    public void stop() {
        // the files are deleted when the JVM exits
    }
}
