package org.slidescore.common.auth;

import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.TokenRevoked;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the listener makes of the records of {@code slidescore.gateway.token-revoked.v1}. */
class TokenRevocationListenerTest {
    private final RevokedTokens revoked = new RevokedTokens();
    private final TokenRevocationListener listener = new TokenRevocationListener(revoked);

    private static String record(String tokenId, Instant expiresAt) {
        return EventEnvelope.of("gateway", Map.of("tokenId", tokenId),
                new TokenRevoked(tokenId, Instant.now(), expiresAt, "given up")).toJson();
    }

    @Test
    void aRevocationIsRemembered() {
        String id = UUID.randomUUID().toString();
        listener.onRevoked(record(id, Instant.now().plusSeconds(3600)));
        assertTrue(revoked.isRevoked(id));
        assertEquals(1, revoked.size());
    }

    @Test
    void theWarmUpRecordOfAGatewayStartRevokesNothingAndIsRememberedByItsEventId() {
        EventEnvelope warmUp = EventEnvelope.of("gateway", Map.of("tokenId", TokenRevocationListener.WARM_UP_ID),
                new TokenRevoked(TokenRevocationListener.WARM_UP_ID, Instant.now(), Instant.now(), "warm-up"));
        assertFalse(listener.hasReadWarmUp(warmUp.eventId()));
        listener.onRevoked(warmUp.toJson());
        assertFalse(revoked.isRevoked(TokenRevocationListener.WARM_UP_ID));
        assertEquals(0, revoked.size());
        assertTrue(listener.hasReadWarmUp(warmUp.eventId()));
        assertFalse(listener.hasReadWarmUp(UUID.randomUUID()));
        assertFalse(listener.hasReadWarmUp(null));
    }

    @Test
    void tombstonesAndUnreadableRecordsAreSkipped() {
        listener.onRevoked(null);
        listener.onRevoked("not json");
        listener.onRevoked("{\"eventId\":\"" + UUID.randomUUID() + "\"}");
        assertEquals(0, revoked.size());
    }

    @Test
    void warmingUpAtStartRevokesNothing() {
        listener.warmUp(null);
        assertEquals(0, revoked.size());
    }
}
