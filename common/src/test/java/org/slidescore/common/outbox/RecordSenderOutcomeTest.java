package org.slidescore.common.outbox;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which rows a round marks sent and which failure it records, from the broker's per-record answers. */
class RecordSenderOutcomeTest {
    private static final List<OutboxRow> ROWS = List.of(row(10), row(11), row(12), row(13));

    private static OutboxRow row(long id) {
        return new OutboxRow(id, UUID.randomUUID(), "t", "k", "{}");
    }

    @Test
    void everythingAcknowledged() {
        BatchOutcome o = RecordSender.outcome(ROWS, new boolean[]{true, true, true, true}, new Exception[4]);
        assertEquals(List.of(10L, 11L, 12L, 13L), o.sentIds());
        assertFalse(o.failed());
        assertFalse(o.failedTransiently());
    }

    @Test
    void brokerDownFailsTheFirstRowTransientlyAndLeavesTheRestUnsent() {
        TimeoutException timeout = new TimeoutException("Expiring 1 record(s)");
        Exception[] errors = {timeout, new KafkaException("Producer is closed forcefully."), null, null};
        BatchOutcome o = RecordSender.outcome(ROWS, new boolean[4], errors);
        assertEquals(List.of(), o.sentIds());
        assertTrue(o.failedTransiently());
        assertEquals(10L, o.failure().orElseThrow().row().id());
        assertSame(timeout, o.failure().orElseThrow().error());
        assertTrue(o.failure().orElseThrow().describe().startsWith("TimeoutException: Expiring"));
    }

    @Test
    void acknowledgedRowsBeforeAndAfterAFailureAreMarkedSentTheFailureIsTheFirstUnacknowledged() {
        Exception[] errors = {null, new NotEnoughReplicasException("isr"), null, null};
        BatchOutcome o = RecordSender.outcome(ROWS, new boolean[]{true, false, true, false}, errors);
        assertEquals(List.of(10L, 12L), o.sentIds());
        assertEquals(11L, o.failure().orElseThrow().row().id());
        assertTrue(o.failedTransiently());
    }

    @Test
    void aRowNeverHandedToTheProducerHasAReason() {
        BatchOutcome o = RecordSender.outcome(ROWS, new boolean[]{true, true, false, false}, new Exception[4]);
        assertEquals(12L, o.failure().orElseThrow().row().id());
        assertTrue(o.failure().orElseThrow().describe().contains("earlier record"));
    }

    @Test
    void onlyErrorsNoRetryCanCureArePermanent() {
        assertTrue(RecordSender.isPermanent(new RecordTooLargeException("big")));
        assertTrue(RecordSender.isPermanent(new InvalidTopicException("bad name")));
        assertFalse(RecordSender.isPermanent(new TimeoutException("down")));
        assertFalse(RecordSender.isPermanent(new NotEnoughReplicasException("isr")));
        // an ACL an operator can fix: keep retrying rather than parking the event
        assertFalse(RecordSender.isPermanent(new TopicAuthorizationException("acl")));
        assertFalse(RecordSender.isPermanent(new KafkaException("Producer is closed forcefully.")));
    }

    @Test
    void aPermanentFailureIsNotAReasonToBackOff() {
        Exception[] errors = {new RecordTooLargeException("big"), null, null, null};
        BatchOutcome o = RecordSender.outcome(ROWS, new boolean[]{false, true, true, true}, errors);
        assertTrue(o.failed());
        assertFalse(o.failedTransiently());
        assertTrue(o.failure().orElseThrow().permanent());
        assertEquals(List.of(11L, 12L, 13L), o.sentIds());
    }
}
