package org.slidescore.gateway.token;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.auth.RevokedTokens;
import org.slidescore.common.auth.TokenRevocationListener;
import org.slidescore.common.outbox.Outbox;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.Topics;
import org.slidescore.events.TokenRevoked;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Creates, lists and revokes API tokens; a revocation is stored and published in one transaction (outbox). */
@ApplicationScoped
public class TokenService {
    public static final String PRODUCER = "gateway";

    /** A freshly minted token: the JWT is shown once and never stored. */
    public record CreatedToken(String token, String id, Instant expiresOn) {
    }

    private final GatewayKeys keys;
    private final Outbox outbox;
    private final RevokedTokens revoked;
    /** {@code slidescore.gateway.tokens{action=created|revoked}}: token administration. */
    private final io.micrometer.core.instrument.Counter createdCounter;
    private final io.micrometer.core.instrument.Counter revokedCounter;

    public TokenService(GatewayKeys keys, Outbox outbox, RevokedTokens revoked,
                        io.micrometer.core.instrument.MeterRegistry registry) {
        this.keys = keys;
        this.outbox = outbox;
        this.revoked = revoked;
        this.createdCounter = io.micrometer.core.instrument.Counter.builder("slidescore.gateway.tokens")
                .description("token administration").tag("action", "created").register(registry);
        this.revokedCounter = io.micrometer.core.instrument.Counter.builder("slidescore.gateway.tokens")
                .description("token administration").tag("action", "revoked").register(registry);
    }

    /** Revocations survive restarts without the broker too: the database is read at start. */
    void loadRevoked(@Observes StartupEvent event) throws Throwable {
        List<ApiTokenRecord> list = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> ApiTokenRecord.<ApiTokenRecord>list("revokedAt is not null")));
        list.forEach(r -> revoked.revoke(r.id, r.expiresAt));
        Log.infof("%d revoked API tokens loaded", list.size());
    }

    public Uni<CreatedToken> create(String name, Set<Right> rights, List<String> uploadOnlyInFolders,
                                    List<String> readOnlyStudies, List<String> modifyOnlyStudies, Instant expiresAt) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant exp = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.SECONDS);
        String jwt = keys.signer().sign(id, name, rights, uploadOnlyInFolders, readOnlyStudies, modifyOnlyStudies, exp);
        ApiToken token = new ApiToken(id, name, rights, uploadOnlyInFolders, readOnlyStudies, modifyOnlyStudies, exp, jwt);
        ApiTokenRecord record = ApiTokenRecord.of(token, now);
        return Panache.withTransaction(record::persist)
                .invoke(() -> Log.infof("API token %s (%s) created with %s", id, name, record.rights))
                .invoke(() -> createdCounter.increment())
                .replaceWith(new CreatedToken(jwt, id, exp));
    }

    public Uni<List<ApiTokenRecord>> list() {
        return Panache.withSession(() -> ApiTokenRecord.<ApiTokenRecord>listAll(Sort.descending("createdAt")));
    }

    /**
     * Revokes a token: marks it in the database (a row is added for a valid token this gateway has no record of)
     * and publishes {@code TokenRevoked} through the outbox in the same transaction. Idempotent: a token already
     * revoked stays revoked and publishes nothing new. Answers false when nothing changed.
     */
    public Uni<Boolean> revoke(ApiToken token, String reason) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> ApiTokenRecord.<ApiTokenRecord>findById(token.id())
                        .chain(existing -> {
                            if (existing != null && existing.revokedAt != null) {
                                return Uni.createFrom().item(false);
                            }
                            ApiTokenRecord record = existing != null ? existing : ApiTokenRecord.of(token, now);
                            record.revokedAt = now;
                            record.revokeReason = reason;
                            Uni<?> saved = existing != null ? Uni.createFrom().voidItem() : record.persist();
                            EventEnvelope envelope = EventEnvelope.of(PRODUCER, Map.of("tokenId", token.id()),
                                    new TokenRevoked(token.id(), now, record.expiresAt, reason));
                            return saved.chain(() -> outbox.publish(Topics.TOKEN_REVOKED, token.id(), envelope))
                                    .replaceWith(true);
                        }))
                .invoke(changed -> {
                    revoked.revoke(token.id(), token.expiresAt());
                    if (changed) {
                        revokedCounter.increment();
                        Log.infof("API token %s revoked (%s)", token.id(), reason);
                    }
                });
    }

    /**
     * Publishes the warm-up record ({@link TokenRevocationListener#WARM_UP_ID}, already expired) through the outbox.
     * The first record after a start took over a second to become a refusal at a service: the relay's producer was
     * made on it (connection, metadata, producer id) and every consumer paid its cold path once (fetch and
     * decompression, the connector's dispatch, the JSON reader). This record goes that whole way at start instead:
     * services running now read it at once, services started later read it from the beginning of the compacted topic
     * (it stays there under its key), so the first real revocation finds everything warm. Listeners skip it.
     * Answers the record's event id.
     */
    public Uni<UUID> publishWarmUp() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = TokenRevocationListener.WARM_UP_ID;
        EventEnvelope envelope = EventEnvelope.of(PRODUCER, Map.of("tokenId", id),
                new TokenRevoked(id, now, now, "warm-up record of a gateway start; not a token"));
        return Panache.withTransaction(() -> outbox.publish(Topics.TOKEN_REVOKED, id, envelope))
                .replaceWith(envelope.eventId());
    }

    /** Revokes by id (admin page); false when the id is unknown or already revoked. */
    public Uni<Boolean> revokeById(String id, String reason) {
        return Panache.withSession(() -> ApiTokenRecord.<ApiTokenRecord>findById(id))
                .chain(r -> r == null ? Uni.createFrom().item(false)
                        : revoke(new ApiToken(r.id, r.name, r.rightSet(), List.of(), List.of(), List.of(), r.expiresAt,
                        null), reason));
    }
}
