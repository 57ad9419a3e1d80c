package org.slidescore.upload.tus;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.upload.config.UploadConfig;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * SQL for tus uploads and their lock. The lock is a lease in the row: whoever sets {@code lock_owner} while it is
 * free (or its lease ran out) owns the upload until it releases it; every write by the holder is fenced by
 * {@code lock_owner = $owner}, so a holder that lost its lease cannot overwrite the newer holder's offset.
 */
@ApplicationScoped
public class TusUploadStore {
    private final Pool pool;
    private final long leaseMillis;

    public TusUploadStore(Pool pool, UploadConfig config) {
        this.pool = pool;
        this.leaseMillis = config.lockLease().toMillis();
    }

    /** Inserts a new upload, already locked by {@code owner} (the creator may write the creation-with-upload body). */
    public Uni<TusUpload> create(String id, String uploadToken, String apiTokenId, Long length, String metadata,
                                 Instant expiresAt, String owner) {
        return pool.preparedQuery("INSERT INTO tus_upload (id, upload_token, api_token_id, upload_length, metadata, "
                        + "expires_at, lock_owner, lock_until) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                        + "now() + $8::bigint * interval '1 millisecond') RETURNING " + TusUpload.COLUMNS)
                .execute(Tuple.tuple(List.of(id, uploadToken, apiTokenId)).addLong(length).addString(metadata)
                        .addOffsetDateTime(odt(expiresAt)).addString(owner).addLong(leaseMillis))
                .map(rows -> TusUpload.from(rows.iterator().next()));
    }

    public Uni<Optional<TusUpload>> find(String id) {
        return pool.preparedQuery("SELECT " + TusUpload.COLUMNS + " FROM tus_upload WHERE id = $1")
                .execute(Tuple.of(id)).map(TusUploadStore::first);
    }

    /** The outcome of one attempt to take the lock. */
    public record Acquired(TusUpload upload, String previousOwner, boolean previousChecksum) {
    }

    /**
     * Takes the lock if it is free or its lease expired. Empty when someone else holds it. {@code previousOwner} is
     * set when the lease of a holder that never released (a crashed replica) was taken over.
     */
    public Uni<Optional<Acquired>> tryLock(String id, String owner) {
        return pool.preparedQuery("WITH prev AS (SELECT id, lock_owner, lock_checksum FROM tus_upload WHERE id = $1 "
                        + "FOR UPDATE) UPDATE tus_upload t SET lock_owner = $2, lock_until = now() + $3::bigint * interval "
                        + "'1 millisecond', release_requested = false, lock_checksum = false FROM prev "
                        + "WHERE t.id = prev.id AND (t.lock_owner IS NULL OR t.lock_until < now()) RETURNING "
                        + prefixed("t.") + ", prev.lock_owner AS prev_owner, prev.lock_checksum AS prev_checksum")
                .execute(Tuple.of(id, owner, leaseMillis))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Acquired(TusUpload.from(r), r.getString("prev_owner"),
                            Boolean.TRUE.equals(r.getBoolean("prev_checksum"))));
                });
    }

    /** Asks the current holder, wherever it runs, to stop and release. */
    public Uni<Void> requestRelease(String id) {
        return pool.preparedQuery("UPDATE tus_upload SET release_requested = true WHERE id = $1 AND lock_owner IS NOT NULL")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /**
     * Extends the holder's lease and (when {@code offset} is not null) records the bytes written so far. Answers
     * empty when the lock was lost, else whether someone asked the holder to let go.
     */
    public Uni<Optional<Boolean>> renew(String id, String owner, Long offset) {
        return pool.preparedQuery("UPDATE tus_upload SET lock_until = now() + $3::bigint * interval '1 millisecond', "
                        + "upload_offset = COALESCE($4, upload_offset) WHERE id = $1 AND lock_owner = $2 "
                        + "RETURNING release_requested")
                .execute(Tuple.of(id, owner, leaseMillis).addLong(offset))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(Boolean.TRUE.equals(rows.iterator().next().getBoolean("release_requested"))));
    }

    /** Marks that the holder is writing a chunk that may be rolled back (checksum). */
    public Uni<Void> markChecksum(String id, String owner, boolean checksum) {
        return pool.preparedQuery("UPDATE tus_upload SET lock_checksum = $3 WHERE id = $1 AND lock_owner = $2")
                .execute(Tuple.of(id, owner, checksum)).replaceWithVoid();
    }

    /** Sets a deferred length (only while still unknown) under the lock. */
    public Uni<Boolean> declareLength(String id, String owner, long length) {
        return pool.preparedQuery("UPDATE tus_upload SET upload_length = $3 WHERE id = $1 AND lock_owner = $2 "
                        + "AND upload_length IS NULL AND upload_offset <= $3")
                .execute(Tuple.of(id, owner, length)).map(rows -> rows.rowCount() == 1);
    }

    /** Records the offset (and a new expiry when not null) and releases the lock. False if the lock had been lost. */
    public Uni<Boolean> release(String id, String owner, Long offset, Instant expiresAt) {
        return pool.preparedQuery("UPDATE tus_upload SET upload_offset = COALESCE($3, upload_offset), "
                        + "expires_at = COALESCE($4, expires_at), lock_owner = NULL, lock_until = NULL, "
                        + "lock_checksum = false, release_requested = false WHERE id = $1 AND lock_owner = $2")
                .execute(Tuple.of(id, owner).addLong(offset).addOffsetDateTime(odt(expiresAt)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * After a PATCH wrote bytes: records the offset, the new expiry and which sha256 state is valid for the bytes on
     * disk ({@code hashToken}, null for none), and releases the lock. False if the lock had been lost.
     */
    public Uni<Boolean> releaseWritten(String id, String owner, long offset, Instant expiresAt, String hashToken) {
        return pool.preparedQuery("UPDATE tus_upload SET upload_offset = $3, expires_at = $4, hash_token = $5, "
                        + "lock_owner = NULL, lock_until = NULL, lock_checksum = false, release_requested = false "
                        + "WHERE id = $1 AND lock_owner = $2")
                .execute(Tuple.of(id, owner, offset, odt(expiresAt)).addString(hashToken))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * A lease taken over from a holder that died: records the offset repaired from the file and forgets the sha256
     * state (the dead holder may have written bytes no digest covers).
     */
    public Uni<Boolean> adopt(String id, String owner, long offset) {
        return pool.preparedQuery("UPDATE tus_upload SET lock_until = now() + $3::bigint * interval '1 millisecond', "
                        + "upload_offset = $4, hash_token = NULL WHERE id = $1 AND lock_owner = $2")
                .execute(Tuple.of(id, owner, leaseMillis, offset))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Termination: the upload stays tracked (410) until the sweeper forgets it. */
    public Uni<Boolean> terminate(String id, String owner) {
        return pool.preparedQuery("UPDATE tus_upload SET state = 'TERMINATED', lock_owner = NULL, lock_until = NULL, "
                        + "release_requested = false WHERE id = $1 AND lock_owner = $2")
                .execute(Tuple.of(id, owner)).map(rows -> rows.rowCount() == 1);
    }

    /** Active uploads past their expiry whose lock is free or stale; marks them expired and returns their ids. */
    public Uni<List<String>> expireAbandoned() {
        return pool.preparedQuery("UPDATE tus_upload SET state = 'EXPIRED', lock_owner = NULL, lock_until = NULL "
                        + "WHERE state = 'ACTIVE' AND expires_at < now() AND (lock_owner IS NULL OR lock_until < now()) "
                        + "RETURNING id")
                .execute().map(rows -> {
                    List<String> ids = new java.util.ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("id")));
                    return ids;
                });
    }

    /** Forgets tombstones and finished uploads older than the retention, and expired upload tokens. */
    public Uni<Integer> forgetOld(long retentionMillis) {
        return pool.preparedQuery("DELETE FROM tus_upload WHERE state <> 'ACTIVE' AND expires_at < now() - $1::bigint * "
                        + "interval '1 millisecond'")
                .execute(Tuple.of(retentionMillis)).map(RowSet::rowCount)
                .call(() -> pool.preparedQuery("DELETE FROM upload_token WHERE expires_at < now() - $1::bigint * interval "
                        + "'1 millisecond' AND NOT EXISTS (SELECT 1 FROM tus_upload u WHERE u.upload_token = "
                        + "upload_token.token)").execute(Tuple.of(retentionMillis)));
    }

    /** Ids of every upload still tracked (for removing orphaned staging files). */
    public Uni<java.util.Set<String>> trackedIds() {
        return pool.query("SELECT id FROM tus_upload WHERE state = 'ACTIVE'").execute().map(rows -> {
            java.util.Set<String> ids = new java.util.HashSet<>();
            rows.forEach(r -> ids.add(r.getString("id")));
            return ids;
        });
    }

    private static String prefixed(String prefix) {
        return prefix + TusUpload.COLUMNS.replace(", ", ", " + prefix);
    }

    private static Optional<TusUpload> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(TusUpload.from(rows.iterator().next()));
    }

    static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
