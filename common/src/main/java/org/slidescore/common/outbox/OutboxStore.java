package org.slidescore.common.outbox;

import org.postgresql.PGConnection;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * The relay's view of {@code outbox_event}, over one JDBC connection that it keeps (it also LISTENs on it for the
 * commit notifications of {@code outbox_event_notify()}). Each relay round is one transaction.
 */
final class OutboxStore implements AutoCloseable {
    static final String CHANNEL = "slidescore_outbox";
    /** Advisory lock key: one relay per database sends at a time, so rows leave in id order across replicas. */
    static final long RELAY_LOCK = 0x5eed_0b0c_0001L;
    private static final int MAX_ERROR_LENGTH = 2000;

    private final Connection connection;
    private final PGConnection pg;

    /**
     * Takes a connection from the pool for the relay. If preparing it fails (a pooled connection that broke when
     * PostgreSQL restarted fails its first statement), the connection goes back to the pool at once: kept, each retry
     * would hold one more, and the small Flyway/relay pool would stay exhausted for good, so the service's readiness
     * check could never get a connection again.
     */
    static OutboxStore open(DataSource dataSource, String applicationName) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            return new OutboxStore(connection, applicationName);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    OutboxStore(Connection connection, String applicationName) throws SQLException {
        this.connection = connection;
        this.pg = connection.unwrap(PGConnection.class);
        // shows in pg_stat_activity which connection is the relay's
        connection.setClientInfo("ApplicationName", applicationName);
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        }
        connection.setAutoCommit(false);
    }

    /** Takes the relay lock for this transaction; false when another replica's relay holds it. */
    boolean tryLock() throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            st.setLong(1, RELAY_LOCK);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Rows to send in this round; {@code more} when further unsent rows are probably waiting. */
    record Unsent(List<OutboxRow> rows, boolean more) {
    }

    /**
     * The oldest unsent, not parked rows: at most {@code limit}, and only as many as fit in {@code maxBytes} of
     * payload (always the first one, however large). Sizes are read first ({@code octet_length} of a TOASTed text is
     * known without reading it), so rows beyond the bound are never loaded.
     */
    Unsent unsent(int limit, long maxBytes) throws SQLException {
        List<Long> ids = new ArrayList<>();
        int listed = 0;
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT id, octet_length(payload) FROM outbox_event
                WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT ?""")) {
            st.setInt(1, limit);
            long bytes = 0;
            boolean full = false;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    listed++;
                    long size = rs.getLong(2);
                    if (!full && (ids.isEmpty() || bytes + size <= maxBytes)) {
                        ids.add(rs.getLong(1));
                        bytes += size;
                    } else {
                        full = true;
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            return new Unsent(List.of(), false);
        }
        List<OutboxRow> rows = new ArrayList<>(ids.size());
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT id, event_id, topic, event_key, payload FROM outbox_event
                WHERE id = ANY(?) ORDER BY id""")) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            st.setArray(1, array);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
            array.free();
        }
        return new Unsent(rows, listed == limit || rows.size() < listed);
    }

    /** Unsent, not parked rows and the age of the oldest (zero when none); reads the partial index only. */
    record Backlog(long pending, Duration oldestAge) {
    }

    Backlog backlog() throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) FROM outbox_event
                WHERE sent_at IS NULL AND failed_at IS NULL""");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return new Backlog(rs.getLong(1), Duration.ofMillis(Math.max(0, Math.round(rs.getDouble(2) * 1000))));
        }
    }

    void markSent(List<Long> ids) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "UPDATE outbox_event SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY(?)")) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            st.setArray(1, array);
            st.executeUpdate();
            array.free();
        }
    }

    /** Records a failed attempt; a permanent failure also parks the row ({@code failed_at}) so later rows can go. */
    void recordFailure(long id, String error, boolean permanent) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("""
                UPDATE outbox_event SET attempts = attempts + 1, last_error = ?,
                    failed_at = CASE WHEN ? THEN now() ELSE failed_at END
                WHERE id = ?""")) {
            st.setString(1, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
            st.setBoolean(2, permanent);
            st.setLong(3, id);
            st.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} rows sent longer than {@code retention} ago; parked rows are kept. */
    int deleteSentBefore(Duration retention, int limit) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("""
                DELETE FROM outbox_event WHERE id IN (
                    SELECT id FROM outbox_event WHERE sent_at < now() - make_interval(secs => ?) LIMIT ?)""")) {
            st.setDouble(1, retention.toMillis() / 1000.0);
            st.setInt(2, limit);
            return st.executeUpdate();
        }
    }

    void commit() throws SQLException {
        connection.commit();
    }

    void rollback() throws SQLException {
        connection.rollback();
    }

    /** Waits until a transaction that wrote outbox rows commits, or {@code timeout} passes. */
    void awaitNotification(Duration timeout) throws SQLException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        pg.getNotifications(millis);
    }

    /** Discards notifications that arrived meanwhile (used after a backoff pause). */
    void drainNotifications() throws SQLException {
        pg.getNotifications();
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
            try (Statement st = connection.createStatement()) {
                // the connection goes back to the pool: it must not collect notifications for its next user
                st.execute("UNLISTEN *");
            }
            connection.setClientInfo("ApplicationName", "");
        } catch (SQLException ignored) {
            // the connection may be broken already; closing it is what matters
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to do with it
        }
    }
}
