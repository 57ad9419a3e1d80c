package org.slidescore.events;

import java.time.Instant;

/**
 * An API token was given up or revoked. Key: the token id (compacted topic). Every service rejects it from then on.
 *
 * @param expiresAt when the token would have expired anyway (after that, services may forget it)
 */
public record TokenRevoked(String tokenId, Instant revokedAt, Instant expiresAt, String reason)
        implements SlideScoreEvent {
}
