package org.slidescore.upload.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.InvalidTokenException;
import org.slidescore.common.auth.TokenVerifier;
import org.slidescore.upload.config.UploadConfig;
import org.slidescore.upload.domain.UploadTarget;
import org.slidescore.upload.tus.TusCreationGuard;
import org.slidescore.upload.tus.TusException;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

/**
 * Upload tokens: issued by RequestUpload (and for scoring-service's anno2 uploads), stored with the target folder and
 * file name, the API token they were issued to and an expiry. tus creation checks them here.
 */
@ApplicationScoped
public class UploadTokens implements TusCreationGuard {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final TokenVerifier verifier;
    private final UploadConfig config;

    public UploadTokens(Pool pool, TokenVerifier verifier, UploadConfig config) {
        this.pool = pool;
        this.verifier = verifier;
        this.config = config;
    }

    /** A stored upload token. */
    public record UploadToken(String token, UploadTarget target, String apiTokenId, Instant expiresAt) {
        public boolean expired(Instant now) {
            return expiresAt.isBefore(now);
        }
    }

    public Uni<String> issue(UploadTarget target, String apiTokenId) {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant expires = Instant.now().plus(config.tokenTtl());
        return pool.preparedQuery("INSERT INTO upload_token (token, folder, file_name, api_token_id, expires_at) "
                        + "VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(token, target.folder(), target.fileName(), apiTokenId)
                        .addOffsetDateTime(expires.atOffset(ZoneOffset.UTC)))
                .replaceWith(token);
    }

    public Uni<Optional<UploadToken>> find(String token) {
        if (token == null || token.length() > 64) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery("SELECT token, folder, file_name, api_token_id, expires_at FROM upload_token "
                        + "WHERE token = $1")
                .execute(Tuple.of(token))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(from(rows.iterator().next())));
    }

    private static UploadToken from(Row r) {
        return new UploadToken(r.getString("token"), new UploadTarget(r.getString("folder"), r.getString("file_name")),
                r.getString("api_token_id"), r.getOffsetDateTime("expires_at").toInstant());
    }

    @Override
    public Uni<String> authorize(String uploadToken, String apiToken) {
        ApiToken caller;
        try {
            caller = verifier.verify(apiToken);
        } catch (InvalidTokenException e) {
            return Uni.createFrom().failure(new TusException(403, "The apitoken is not valid: " + e.getMessage()));
        }
        return find(uploadToken).map(found -> {
            UploadToken t = found.orElseThrow(() -> new TusException(403, "Unknown upload token"));
            if (t.expired(Instant.now())) {
                throw new TusException(403, "The upload token has expired; call RequestUpload again");
            }
            if (!t.apiTokenId().equals(caller.id())) {
                throw new TusException(403, "The upload token was issued to another API token");
            }
            return caller.id();
        });
    }
}
