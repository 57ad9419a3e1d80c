package org.slidescore.common.auth;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.TokenRevoked;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the revocation listener counts as caught up with the topic as it was at the start. */
class RevocationCatchUpTest {
    private final RevocationCatchUp catchUp = new RevocationCatchUp();
    private final RevokedTokens revoked = new RevokedTokens();
    private final TokenRevocationListener listener = new TokenRevocationListener(revoked, catchUp);

    private static IncomingKafkaRecordMetadata<String, String> at(int partition, long offset) {
        return new IncomingKafkaRecordMetadata<>(new ConsumerRecord<>("t", partition, offset, "k", "v"), "token-revoked-in");
    }

    private static String revocation(String tokenId) {
        return EventEnvelope.of("gateway", Map.of("tokenId", tokenId),
                new TokenRevoked(tokenId, Instant.now(), null, "test")).toJson();
    }

    @Test
    void notCaughtUpBeforeTheOffsetsAreKnown() {
        assertFalse(catchUp.lookedUp());
        assertFalse(catchUp.caughtUp());
        listener.onRecord(revocation("a"), at(0, 0));
        assertFalse(catchUp.caughtUp(), "records read before the lookup do not make it ready by themselves");
        assertTrue(catchUp.describe().isEmpty());
    }

    @Test
    void caughtUpOnceEveryPartitionIsReadToItsEndOffsetOfTheStart() {
        // partition 0: offsets 0..2; partition 1: offsets 5..6 (older ones compacted away); partition 2: empty
        catchUp.startOffsets(Map.of(0, 0L, 1, 5L, 2, 4L), Map.of(0, 3L, 1, 7L, 2, 4L));
        assertTrue(catchUp.lookedUp());
        assertFalse(catchUp.caughtUp());
        listener.onRecord(revocation("a"), at(0, 0));
        listener.onRecord(revocation("b"), at(0, 1));
        listener.onRecord(revocation(TokenRevocationListener.WARM_UP_ID), at(0, 2));
        assertFalse(catchUp.caughtUp(), "partition 1 not read yet");
        assertEquals("end offset at start 3, consumed to 3, caught up", catchUp.describe().get("partition-0"));
        assertEquals("end offset at start 7, consumed to nothing yet", catchUp.describe().get("partition-1"));
        assertEquals("end offset at start 4, consumed to nothing yet (empty at start), caught up",
                catchUp.describe().get("partition-2"));
        listener.onRecord(revocation("c"), at(1, 5));
        assertFalse(catchUp.caughtUp());
        listener.onRecord(null, at(1, 6)); // a tombstone
        assertTrue(catchUp.caughtUp());
        assertTrue(revoked.isRevoked("a") && revoked.isRevoked("b") && revoked.isRevoked("c"));
        assertEquals(3, revoked.size());
    }

    @Test
    void unreadableRecordsCountAsReadAndLaterRecordsKeepItCaughtUp() {
        catchUp.startOffsets(Map.of(0, 0L), Map.of(0, 1L));
        listener.onRecord("not json", at(0, 0));
        assertTrue(catchUp.caughtUp());
        listener.onRecord(revocation("later"), at(0, 7));
        assertTrue(catchUp.caughtUp());
        assertTrue(revoked.isRevoked("later"));
    }

    @Test
    void anAbsentTopicOrOneWithoutPartitionRecordsIsCaughtUp() {
        catchUp.topicAbsent();
        assertTrue(catchUp.lookedUp());
        assertTrue(catchUp.caughtUp());
        RevocationCatchUp empty = new RevocationCatchUp();
        empty.startOffsets(Map.of(0, 0L, 1, 0L), Map.of(0, 0L, 1, 0L));
        assertTrue(empty.caughtUp());
    }
}
