package org.slidescore.common.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slidescore.common.auth.PemKeys;
import org.slidescore.common.auth.TokenSigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;

/**
 * A key pair and an embedded PostgreSQL for common's own Quarkus tests (test-support's resources cannot be used
 * here: test-support depends on common). {@code PG_HOST} is not consulted: this database is throwaway.
 */
public class TestKeys implements QuarkusTestResourceLifecycleManager {
    static final KeyPair PAIR = PemKeys.generateRsa();
    static final TokenSigner SIGNER = new TokenSigner(PAIR.getPrivate());
    private EmbeddedPostgres pg;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("common-keys");
            PemKeys.write(PAIR, dir.resolve("private.pem"), dir.resolve("public.pem"));
            pg = EmbeddedPostgres.builder().start();
            Map<String, String> config = new HashMap<>();
            config.put("slidescore.jwt.public-key-location", dir.resolve("public.pem").toString());
            config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
            config.put("quarkus.datasource.reactive.url", "postgresql://localhost:" + pg.getPort() + "/postgres");
            config.put("quarkus.datasource.username", "postgres");
            config.put("quarkus.datasource.password", "postgres");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            if (pg != null) {
                pg.close();
            }
        } catch (IOException ignored) {
            // the JVM is going away
        }
    }
}
