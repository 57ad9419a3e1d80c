package org.slidescore.common.auth;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;

/**
 * Verifies API tokens with the public key at {@code slidescore.jwt.public-key-location} (PEM, RSA or EC; a file
 * path or {@code classpath:...}). The key is read on first use (and retried until it can be read), so a gateway
 * that generates its key pair at start-up and services started alongside it need no ordering.
 */
@ApplicationScoped
public class TokenVerifier {
    private final Optional<String> publicKeyLocation;
    private final RevokedTokens revoked;
    private volatile JwtTokenReader reader;

    public TokenVerifier(@ConfigProperty(name = "slidescore.jwt.public-key-location") Optional<String> publicKeyLocation,
                         RevokedTokens revoked) {
        this.publicKeyLocation = publicKeyLocation;
        this.revoked = revoked;
    }

    /** Verifies the value of an {@code Authorization} header ({@code Bearer <jwt>[#...]}). */
    public ApiToken verifyHeader(String authorization) throws InvalidTokenException {
        return reader().verifyHeader(authorization);
    }

    /** Verifies a raw JWT (a {@code #...} suffix is ignored). */
    public ApiToken verify(String jwt) throws InvalidTokenException {
        return reader().verify(jwt);
    }

    private JwtTokenReader reader() throws InvalidTokenException {
        JwtTokenReader r = reader;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (reader == null) {
                String location = publicKeyLocation.filter(s -> !s.isBlank()).orElse(null);
                if (location == null) {
                    Log.error("slidescore.jwt.public-key-location is not set: every API call is refused");
                    throw new InvalidTokenException("token verification is not configured");
                }
                try {
                    PublicKey key = PemKeys.readPublicKey(location);
                    reader = new JwtTokenReader(key, revoked::isRevoked, Clock.systemUTC());
                    Log.infof("verifying API tokens with the %s key from %s", PemKeys.algorithm(key), location);
                } catch (IOException | RuntimeException e) {
                    Log.errorf("cannot read the token public key %s: %s", location, e.getMessage());
                    throw new InvalidTokenException("token verification is not configured");
                }
            }
            return reader;
        }
    }
}
