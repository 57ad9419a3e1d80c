package org.slidescore.common.messaging;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventFormatException;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseUnavailableTest {

    @Test
    void aDatabaseThatCannotBeReachedIsRecognisedAlsoWhenWrapped() {
        assertTrue(DatabaseUnavailable.is(new ConnectException("Connection refused: /127.0.0.1:5432")));
        assertTrue(DatabaseUnavailable.is(new CompletionException(new HibernateException("could not open",
                new ConnectException("Connection refused")))));
        assertTrue(DatabaseUnavailable.is(new SocketException("Connection reset")));
        assertTrue(DatabaseUnavailable.is(ClosedConnectionException.INSTANCE));
        assertTrue(DatabaseUnavailable.is(pg("57P01", "terminating connection due to administrator command")));
        assertTrue(DatabaseUnavailable.is(pg("57P03", "the database system is starting up")));
        assertTrue(DatabaseUnavailable.is(pg("08006", "connection failure")));
        assertTrue(DatabaseUnavailable.is(new SQLException("I/O error", "08006")));
        RuntimeException suppressing = new RuntimeException("rollback failed too");
        suppressing.addSuppressed(new ConnectException("Connection refused"));
        assertTrue(DatabaseUnavailable.is(suppressing));
    }

    @Test
    void failuresThatSayAnythingAboutTheEventOrItsDataAreNot() {
        assertFalse(DatabaseUnavailable.is(pg("23505", "duplicate key value violates unique constraint")));
        assertFalse(DatabaseUnavailable.is(pg("42P01", "relation does not exist")));
        assertFalse(DatabaseUnavailable.is(new IllegalStateException("the effect refused it")));
        assertFalse(DatabaseUnavailable.is(new EventFormatException("unreadable", null)));
        assertFalse(DatabaseUnavailable.is(new SQLException("bad", "22P02")));
        assertFalse(DatabaseUnavailable.is(null));
        RuntimeException loop = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", loop);
        loop.initCause(other);
        assertFalse(DatabaseUnavailable.is(loop), "a cycle of causes ends");
    }

    private static PgException pg(String state, String message) {
        return new PgException(message, "FATAL", state, null);
    }
}
