package org.slidescore.common.messaging;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether a failure says only that the database cannot be reached right now (a PostgreSQL restart, failover or network
 * cut), not anything about the event: refused or reset connections, a connection closed under a query, and the server's
 * own "shutting down / starting up / too many connections" answers. Such failures are worth waiting out.
 */
public final class DatabaseUnavailable {
    /** SQLSTATEs of a server that is going away or not there yet (class 08 counts too). */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseUnavailable() {
    }

    /** Looks through the causes and suppressed exceptions (Hibernate Reactive and Mutiny wrap the driver's). */
    public static boolean is(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        return is(failure, seen);
    }

    private static boolean is(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        if (t instanceof ConnectException || t instanceof SocketException || t instanceof ClosedChannelException
                || t instanceof ClosedConnectionException) {
            return true;
        }
        if (t instanceof DatabaseException db && unavailableState(db.getSqlState())) {
            return true;
        }
        if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (is(s, seen)) {
                return true;
            }
        }
        return is(t.getCause(), seen);
    }

    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || STATES.contains(state));
    }
}
