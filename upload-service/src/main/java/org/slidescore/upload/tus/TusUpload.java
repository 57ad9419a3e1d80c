package org.slidescore.upload.tus;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One row of {@code tus_upload}. {@code length} is null while deferred; {@code hashToken} names the sha256 state (in
 * some replica's {@link UploadDigests}) that is valid for the bytes on disk, or is null.
 */
public record TusUpload(String id, String uploadToken, String apiTokenId, Long length, long offset, String metadata,
                        State state, Instant expiresAt, String lockOwner, boolean lockChecksum,
                        String finishedPath, String sha256, String hashToken) {

    public enum State { ACTIVE, FINISHED, TERMINATED, EXPIRED }

    static final String COLUMNS = "id, upload_token, api_token_id, upload_length, upload_offset, metadata, state, "
            + "expires_at, lock_owner, lock_checksum, finished_path, sha256, hash_token";

    static TusUpload from(Row r) {
        OffsetDateTime expires = r.getOffsetDateTime("expires_at");
        return new TusUpload(r.getString("id"), r.getString("upload_token"), r.getString("api_token_id"),
                r.getLong("upload_length"), r.getLong("upload_offset"), r.getString("metadata"),
                State.valueOf(r.getString("state")), expires.toInstant(), r.getString("lock_owner"),
                Boolean.TRUE.equals(r.getBoolean("lock_checksum")), r.getString("finished_path"),
                r.getString("sha256"), r.getString("hash_token"));
    }

    /** Expired or terminated: still tracked, answered with 410. */
    public boolean gone(Instant now) {
        return state == State.TERMINATED || state == State.EXPIRED
                || (state == State.ACTIVE && expiresAt.isBefore(now));
    }

    public boolean complete() {
        return length != null && offset == length;
    }
}
