package org.slidescore.tile.deepzoom;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.slidescore.tile.config.TileConfig;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** The tile-link signer: the configured shared secret, or a random one (links then die with the process). */
@ApplicationScoped
public class TileTokensProducer {
    @Produces
    @ApplicationScoped
    TileTokens tileTokens(TileConfig config) {
        if (config.tokenSecret().isPresent() && !config.tokenSecret().get().isBlank()) {
            return new TileTokens(config.tokenSecret().get().getBytes(StandardCharsets.UTF_8));
        }
        Log.info("slidescore.tile.token-secret is not set: tile links are signed with a random key and end with this "
                + "process (set SLIDESCORE_TILE_TOKEN_SECRET when running more than one replica)");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new TileTokens(secret);
    }
}
