package org.slidescore.common.outbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's read of unsent rows against a real PostgreSQL with common's migration: by count and by payload bytes, in
 * id order, always at least one row, and it says when more rows wait.
 */
class OutboxStoreUnsentTest {
    private static EmbeddedPostgres pg;
    private static final String MIGRATION = "/db/common/V0_1__outbox_and_processed_events.sql";

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        String sql;
        try (InputStream in = OutboxStoreUnsentTest.class.getResourceAsStream(MIGRATION)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE outbox_event");
        }
    }

    /** Inserts rows with payloads of these sizes (in bytes of UTF-8); answers their ids. */
    private static List<Long> insert(int... sizes) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = pg.getPostgresDatabase().getConnection();
             PreparedStatement st = c.prepareStatement("INSERT INTO outbox_event (event_id, topic, event_key, payload) "
                     + "VALUES (?, 't', 'k', ?) RETURNING id")) {
            for (int size : sizes) {
                st.setObject(1, UUID.randomUUID());
                st.setString(2, "x".repeat(size));
                try (var rs = st.executeQuery()) {
                    rs.next();
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static OutboxStore.Unsent read(int limit, long maxBytes) throws Exception {
        try (OutboxStore store = OutboxStore.open(pg.getPostgresDatabase(), "test-relay")) {
            OutboxStore.Unsent unsent = store.unsent(limit, maxBytes);
            store.commit();
            return unsent;
        }
    }

    private static List<Long> ids(OutboxStore.Unsent unsent) {
        return unsent.rows().stream().map(OutboxRow::id).toList();
    }

    @Test
    void readsRowsWhilePayloadsFitTheByteBound() throws Exception {
        List<Long> ids = insert(400_000, 400_000, 400_000, 10);
        OutboxStore.Unsent unsent = read(100, 1_000_000);
        assertEquals(ids.subList(0, 2), ids(unsent), "the third row would pass 1,000,000 bytes");
        assertTrue(unsent.more());
        assertEquals(400_000, unsent.rows().get(0).payload().length());
    }

    @Test
    void aRowLargerThanTheBoundIsReadAlone() throws Exception {
        List<Long> ids = insert(3_000_000, 10, 10);
        OutboxStore.Unsent unsent = read(100, 1_000_000);
        assertEquals(ids.subList(0, 1), ids(unsent));
        assertEquals(3_000_000, unsent.rows().get(0).payload().length());
        assertTrue(unsent.more());
    }

    @Test
    void countLimitStillApplies() throws Exception {
        List<Long> ids = insert(10, 10, 10, 10, 10);
        OutboxStore.Unsent full = read(3, 1_000_000);
        assertEquals(ids.subList(0, 3), ids(full));
        assertTrue(full.more(), "a full batch: more may wait");
        OutboxStore.Unsent all = read(10, 1_000_000);
        assertEquals(ids, ids(all));
        assertFalse(all.more(), "everything was read");
    }

    @Test
    void sentAndParkedRowsAreSkippedAndNothingLeftIsEmpty() throws Exception {
        List<Long> ids = insert(10, 10, 10);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("UPDATE outbox_event SET sent_at = now() WHERE id = " + ids.get(0));
            st.execute("UPDATE outbox_event SET failed_at = now() WHERE id = " + ids.get(1));
        }
        assertEquals(List.of(ids.get(2)), ids(read(100, 1_000_000)));
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("UPDATE outbox_event SET sent_at = now() WHERE id = " + ids.get(2));
        }
        OutboxStore.Unsent none = read(100, 1_000_000);
        assertTrue(none.rows().isEmpty());
        assertFalse(none.more());
    }

    @Test
    void multiByteCharactersCountAsBytes() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = pg.getPostgresDatabase().getConnection();
             PreparedStatement st = c.prepareStatement("INSERT INTO outbox_event (event_id, topic, event_key, payload) "
                     + "VALUES (?, 't', 'k', ?) RETURNING id")) {
            for (int i = 0; i < 2; i++) {
                st.setObject(1, UUID.randomUUID());
                st.setString(2, "é".repeat(300_000)); // 600,000 bytes each
                try (var rs = st.executeQuery()) {
                    rs.next();
                    ids.add(rs.getLong(1));
                }
            }
        }
        assertEquals(ids.subList(0, 1), ids(read(100, 1_000_000)));
    }
}
