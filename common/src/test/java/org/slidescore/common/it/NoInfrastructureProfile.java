package org.slidescore.common.it;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** common's wire tests: an embedded database ({@link TestKeys}), no broker, small form-body limit. */
public class NoInfrastructureProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.datasource.db-kind", "postgresql"),
                Map.entry("quarkus.flyway.migrate-at-start", "true"),
                Map.entry("quarkus.flyway.locations", "db/common"),
                Map.entry("quarkus.devservices.enabled", "false"),
                Map.entry("quarkus.http.test-port", "0"),
                Map.entry("slidescore.outbox.relay.enabled", "false"),
                Map.entry("mp.messaging.incoming.token-revoked-in.enabled", "false"),
                Map.entry("slidescore.wire.max-form-body-size", "64K"),
                Map.entry("kafka.bootstrap.servers", "127.0.0.1:1"),
                Map.entry("quarkus.kafka.health.enabled", "false"));
    }
}
