package org.slidescore.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A real PostgreSQL for tests, with a fresh database for the service under test (init arg {@code db}, default
 * {@code test}): {@code PG_HOST} (+ {@code PG_PORT}, {@code PG_USER}, {@code PG_PASSWORD}) when set; else
 * Testcontainers when Docker is up; else an embedded PostgreSQL (one per test JVM, random port).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedPostgres embedded;
    private static AutoCloseable container;
    private static Server server;

    private String db = "test";

    /** Where the server listens and an account allowed to create databases. */
    public record Server(String host, int port, String user, String password) {
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public String reactiveUrl(String database) {
            return "postgresql://" + host + ":" + port + "/" + database;
        }
    }

    @Override
    public void init(Map<String, String> initArgs) {
        db = initArgs.getOrDefault("db", db);
    }

    @Override
    public Map<String, String> start() {
        Server s = server();
        String database = db + "_test";
        recreateDatabase(s, database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", s.reactiveUrl(database));
        config.put("quarkus.datasource.jdbc.url", s.jdbcUrl(database));
        config.put("quarkus.datasource.username", s.user());
        config.put("quarkus.datasource.password", s.password());
        return config;
    }

    /** Starts the server once per JVM. */
    public static synchronized Server server() {
        if (server != null) {
            return server;
        }
        String host = System.getenv("PG_HOST");
        if (host != null && !host.isBlank()) {
            server = new Server(host, Integer.parseInt(env("PG_PORT", "5432")), env("PG_USER", "slidescore"),
                    env("PG_PASSWORD", "slidescore"));
        } else if (Docker.available()) {
            var pg = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
            pg.start();
            container = pg;
            server = new Server(pg.getHost(), pg.getFirstMappedPort(), pg.getUsername(), pg.getPassword());
        } else {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("could not start the embedded PostgreSQL", e);
            }
            server = new Server("localhost", embedded.getPort(), "postgres", "postgres");
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresResource::shutdown, "postgres-test-stop"));
        }
        return server;
    }

    /** Drops and creates {@code database} so every test run starts from an empty schema. */
    public static void recreateDatabase(Server s, String database) {
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("database name " + database);
        }
        try (Connection c = DriverManager.getConnection(s.jdbcUrl("postgres"), s.user(), s.password());
             var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + database + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static synchronized void shutdown() {
        try {
            if (embedded != null) {
                embedded.close();
            }
            if (container != null) {
                container.close();
            }
        } catch (Exception ignored) {
            // the JVM is going away
        }
    }

    @Override
    public void stop() {
        // One server serves every Quarkus application started in this JVM; it stops with the JVM.
    }
}
