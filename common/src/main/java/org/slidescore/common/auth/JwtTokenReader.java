package org.slidescore.common.auth;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Verifies a bearer token with one public key: signature (RS256 or ES256 by key type), expiry (30 s clock skew),
 * revocation. Verified tokens are remembered (bounded) so a repeated token costs a map lookup plus the expiry and
 * revocation checks, which are repeated on every call.
 */
public final class JwtTokenReader {
    private static final int CACHE_LIMIT = 10_000;
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final JwtConsumer consumer;
    private final Predicate<String> revoked;
    private final Clock clock;
    private final Map<String, ApiToken> verified = new ConcurrentHashMap<>();

    public JwtTokenReader(PublicKey key, Predicate<String> revoked, Clock clock) {
        this.consumer = new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, PemKeys.algorithm(key))
                .setAllowedClockSkewInSeconds(30)
                .setSkipDefaultAudienceValidation()
                .build();
        this.revoked = revoked;
        this.clock = clock;
    }

    /** Verifies {@code Authorization} header content: {@code Bearer <jwt>[#anything]}. */
    public ApiToken verifyHeader(String authorization) throws InvalidTokenException {
        return verify(bearer(authorization));
    }

    /** The JWT inside an Authorization header value (scheme case-insensitive, {@code #...} suffix dropped). */
    public static String bearer(String authorization) throws InvalidTokenException {
        if (authorization == null || authorization.isBlank()) {
            throw new InvalidTokenException("missing bearer token");
        }
        String h = authorization.trim();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new InvalidTokenException("Authorization must be Bearer <token>");
        }
        return stripSuffix(h.substring(7));
    }

    /** Drops a {@code #...} suffix (Slide Score's test scripts append {@code #expires:...}) and whitespace. */
    public static String stripSuffix(String jwt) {
        if (jwt == null) {
            return null;
        }
        int hash = jwt.indexOf('#');
        return (hash < 0 ? jwt : jwt.substring(0, hash)).trim();
    }

    public ApiToken verify(String jwt) throws InvalidTokenException {
        jwt = stripSuffix(jwt);
        if (jwt == null || jwt.isEmpty()) {
            throw new InvalidTokenException("missing bearer token");
        }
        if (jwt.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("malformed token");
        }
        ApiToken token = verified.get(jwt);
        if (token == null) {
            token = parse(jwt);
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear();
            }
            verified.put(jwt, token);
        }
        Instant now = clock.instant();
        if (token.expiresAt() != null && token.expiresAt().plusSeconds(30).isBefore(now)) {
            throw new InvalidTokenException("token expired");
        }
        if (revoked.test(token.id())) {
            throw new InvalidTokenException("token revoked");
        }
        return token;
    }

    private ApiToken parse(String jwt) throws InvalidTokenException {
        if (jwt.chars().filter(c -> c == '.').count() != 2) {
            throw new InvalidTokenException("malformed token");
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(jwt);
        } catch (InvalidJwtException e) {
            if (e.hasExpired()) {
                throw new InvalidTokenException("token expired");
            }
            if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                throw new InvalidTokenException("bad token signature");
            }
            if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
                throw new InvalidTokenException("token not yet valid");
            }
            throw new InvalidTokenException("malformed token");
        } catch (RuntimeException e) {
            throw new InvalidTokenException("malformed token");
        }
        return TokenClaims.fromClaims(claims, jwt);
    }
}
