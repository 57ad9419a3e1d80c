package org.slidescore.gateway.token;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.common.auth.PemKeys;
import org.slidescore.common.auth.TokenSigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The gateway's signing key ({@code slidescore.jwt.private-key-location}). When neither it nor the public key
 * ({@code slidescore.jwt.public-key-location}) exists and {@code slidescore.gateway.generate-keys} is true (local
 * runs), a fresh RSA pair is written to those two paths at start-up; services started with the same public-key
 * location then verify the gateway's tokens. One file without the other is an error: nothing is overwritten.
 */
@Startup
@ApplicationScoped
public class GatewayKeys {
    private final TokenSigner signer;

    public GatewayKeys(@ConfigProperty(name = "slidescore.jwt.private-key-location") Optional<String> privateLocation,
                       @ConfigProperty(name = "slidescore.jwt.public-key-location") Optional<String> publicLocation,
                       @ConfigProperty(name = "slidescore.gateway.generate-keys", defaultValue = "true") boolean generate) {
        String priv = privateLocation.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "slidescore.jwt.private-key-location (SLIDESCORE_JWT_PRIVATE_KEY_LOCATION) is not set"));
        String pub = publicLocation.filter(s -> !s.isBlank()).orElse(null);
        try {
            if (!PemKeys.exists(priv)) {
                if (!generate || pub == null || pub.startsWith("classpath:") || priv.startsWith("classpath:")) {
                    throw new IllegalStateException("no private key at " + priv);
                }
                if (PemKeys.exists(pub)) {
                    throw new IllegalStateException("public key " + pub + " exists but private key " + priv
                            + " does not: refusing to generate a pair that would not match it");
                }
                PemKeys.write(PemKeys.generateRsa(), Path.of(priv), Path.of(pub));
                Log.infof("generated a new RSA key pair for API tokens: %s, %s", priv, pub);
            }
            this.signer = new TokenSigner(PemKeys.readPrivateKey(priv));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the token keys: " + e.getMessage(), e);
        }
    }

    public TokenSigner signer() {
        return signer;
    }
}
