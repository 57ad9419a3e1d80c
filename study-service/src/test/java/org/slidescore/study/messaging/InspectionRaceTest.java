package org.slidescore.study.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slidescore.study.domain.SlideInspection;
import org.slidescore.study.support.Api;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The SDK uploads a slide and calls Reimport at once: tile-service's slide-inspected event for the new file (stored by
 * {@link SlideInspectedConsumer}) and Reimport's own synchronous inspection store the same path at the same time.
 * Here the consumer's transaction has inserted the path but not committed while Reimport asks the tile service, and
 * commits once Reimport's insert waits on it. Reimport must still succeed (it failed with a duplicate key on
 * {@code slide_inspection_pkey}, as seen with the SDK's test suite).
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class InspectionRaceTest {

    @AfterEach
    void clearHook() {
        ImagesRootResource.beforeRacedAnswer(path -> { });
    }

    private static SlideInspection stored(String path) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> SlideInspection.<SlideInspection>findById(path)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        Config c = ConfigProvider.getConfig();
        return DriverManager.getConnection(c.getValue("quarkus.datasource.jdbc.url", String.class),
                c.getValue("quarkus.datasource.username", String.class),
                c.getValue("quarkus.datasource.password", String.class));
    }

    /** Backends blocked by the transaction of backend {@code pid}. */
    private static int blockedBy(int pid) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void reimportSucceedsWhenTheSlideInspectedConsumerStoresThePathMeanwhile() throws Exception {
        String path = "Raced1/raced-slide.tif";
        AtomicInteger asked = new AtomicInteger();
        AtomicReference<CompletableFuture<Void>> committed = new AtomicReference<>();
        ImagesRootResource.beforeRacedAnswer(p -> {
            asked.incrementAndGet();
            try {
                Connection consumerTx = connect();
                consumerTx.setAutoCommit(false);
                int pid = pid(consumerTx);
                try (PreparedStatement ps = consumerTx.prepareStatement(
                        "INSERT INTO slide_inspection (path, readable, format, inspected_at) VALUES (?, true, ?, now())")) {
                    ps.setString(1, p);
                    ps.setString(2, "from-event");
                    ps.executeUpdate();
                }
                committed.set(CompletableFuture.runAsync(() -> {
                    try (consumerTx) {
                        await().atMost(Duration.ofSeconds(60)).until(() -> blockedBy(pid) > 0);
                        consumerTx.commit();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Api.write("study.Raced1.emails", "pytest@example.com;canscore,canedit,cangetresults\n");
        Api.copyTestImage(path);

        Api.post(TestTokens.all(), "Reimport", "studyName", "Raced1")
                .body("log", containsString("Added image 'raced-slide'"))
                .body("success", equalTo(true));
        committed.get().get();
        assertEquals(1, asked.get(), "Reimport asked the tile service once");
        SlideInspection row = stored(path);
        assertNotNull(row);
        assertEquals(true, row.readable);
        assertEquals("generic-tiff", row.format, "Reimport's answer, written after the event's");
    }
}
