package org.slidescore.upload.tus;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sha256 of each upload, computed while its PATCH bytes are written (in offset order), so FinishUpload does not
 * read a file of many GB again. A digest lives in the memory of the replica that wrote the bytes, under a random
 * token that the PATCH records in the row ({@code tus_upload.hash_token}) when it releases the upload. A digest is
 * used only while the row still names its token and it covers exactly the bytes before the next PATCH's offset;
 * anything else (a restart, a PATCH on another replica, a lease takeover, a PATCH that could not continue the digest)
 * leaves no valid digest, and FinishUpload hashes the file instead.
 * <p>
 * Stored digests are never updated in place: a PATCH continues on a copy, so FinishUpload can copy one at any time.
 */
@ApplicationScoped
public class UploadDigests {
    /** The sha256 of the first {@code hashed} bytes of an upload, valid while the row's hash_token is {@code token}. */
    public record State(String token, MessageDigest digest, long hashed) {
    }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    /**
     * For a PATCH that writes from {@code start}: a copy of the upload's digest to continue, a new digest when it
     * starts at 0, or null when no valid digest ends at {@code start} (the PATCH then hashes nothing).
     */
    MessageDigest continueAt(TusUpload upload, long start) {
        State s = states.remove(upload.id());
        if (start == 0) {
            return newDigest();
        }
        if (s != null && s.token().equals(upload.hashToken()) && s.hashed() == start) {
            return copy(s.digest());
        }
        return null;
    }

    /** Keeps {@code digest} (of the first {@code hashed} bytes) under {@code token}; the caller owns it no longer. */
    void put(String uploadId, String token, MessageDigest digest, long hashed) {
        states.put(uploadId, new State(token, digest, hashed));
    }

    /** Drops the digest stored under {@code token} (its PATCH could not record the token). */
    void drop(String uploadId, String token) {
        states.computeIfPresent(uploadId, (id, s) -> s.token().equals(token) ? null : s);
    }

    /** For FinishUpload: a copy of the digest the row names ({@code hashToken}), if this replica has it. */
    public Optional<State> valid(String uploadId, String hashToken) {
        State s = states.get(uploadId);
        if (s == null || hashToken == null || !s.token().equals(hashToken)) {
            return Optional.empty();
        }
        return Optional.of(new State(s.token(), copy(s.digest()), s.hashed()));
    }

    public void forget(String uploadId) {
        states.remove(uploadId);
    }

    /** Forgets the digests of uploads that are no longer active (finished elsewhere, expired, terminated). */
    public void retainOnly(Set<String> activeIds) {
        states.keySet().retainAll(activeIds);
    }

    int size() {
        return states.size();
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this JVM cannot be copied", e);
        }
    }
}
