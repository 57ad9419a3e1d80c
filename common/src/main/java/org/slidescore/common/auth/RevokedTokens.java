package org.slidescore.common.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of revoked API tokens this instance knows, fed by {@link TokenRevocationListener} from the compacted
 * topic {@code slidescore.gateway.token-revoked.v1} (and directly by the gateway when it revokes one).
 */
@ApplicationScoped
public class RevokedTokens {
    private static final Instant NEVER = Instant.MAX;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    /** Records a revocation; {@code expiresAt} (null = never) lets the entry be forgotten once the token is dead anyway. */
    public void revoke(String tokenId, Instant expiresAt) {
        if (tokenId != null && !tokenId.isBlank()) {
            revoked.put(tokenId, expiresAt == null ? NEVER : expiresAt);
        }
    }

    public boolean isRevoked(String tokenId) {
        return tokenId != null && revoked.containsKey(tokenId);
    }

    /** Drops entries of tokens that expired more than a minute ago. */
    public void forgetExpired(Instant now) {
        revoked.values().removeIf(exp -> exp.isBefore(now.minusSeconds(60)));
    }

    public int size() {
        return revoked.size();
    }
}
