package org.slidescore.outboxtests;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.postgresql.ds.PGSimpleDataSource;
import org.slidescore.testsupport.PostgresResource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The test PostgreSQL (test-support's server, a database of its own) reached through a {@link TcpProxy}, so that a
 * test can take the database away from the application and give it back ({@link #proxy()}). The JDBC pool is as small
 * as the services' (two connections: the outbox relay keeps one).
 */
public class ProxiedPostgresResource implements QuarkusTestResourceLifecycleManager {
    static final String DATABASE = "outbox_outage_test";
    private static TcpProxy proxy;
    private static PostgresResource.Server server;

    @Override
    public Map<String, String> start() {
        server = PostgresResource.server();
        PostgresResource.recreateDatabase(server, DATABASE);
        try {
            proxy = new TcpProxy(server.host(), server.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String hostPort = "127.0.0.1:" + proxy.port();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostPort + "/" + DATABASE,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort + "/" + DATABASE,
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", server.password(),
                "quarkus.datasource.jdbc.max-size", "2");
    }

    static TcpProxy proxy() {
        return proxy;
    }

    /** The same database, straight to the server (not through the proxy): what the test reads with. */
    static DataSource direct() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(server.jdbcUrl(DATABASE));
        ds.setUser(server.user());
        ds.setPassword(server.password());
        return ds;
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } catch (IOException ignored) {
            // the JVM is going away
        }
    }
}
