package org.slidescore.upload.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.wire.WireException;
import org.slidescore.events.SlideUploaded;
import org.slidescore.upload.domain.FileKinds;
import org.slidescore.upload.domain.ImagesRoot;
import org.slidescore.upload.domain.UploadTarget;
import org.slidescore.upload.tus.UploadDigests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/**
 * FinishUpload: a complete upload bound to the given upload token moves atomically from the staging dir to
 * {@code <images root>/<folder>/<file name>} (replacing an existing file), its sha256 is recorded and
 * {@code SlideUploaded} goes to the outbox in the same transaction that marks the upload finished. Repeating the call
 * answers OK again and changes nothing.
 */
@ApplicationScoped
public class FinishUploadService {
    private final Pool pool;
    private final Vertx vertx;
    private final UploadTokens tokens;
    private final ImagesRoot images;
    private final UploadEvents events;
    private final UploadDigests digests;
    private final io.micrometer.core.instrument.MeterRegistry registry;

    public FinishUploadService(Pool pool, Vertx vertx, UploadTokens tokens, ImagesRoot images, UploadEvents events,
                               UploadDigests digests, io.micrometer.core.instrument.MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.tokens = tokens;
        this.images = images;
        this.events = events;
        this.digests = digests;
        this.registry = registry;
    }

    record Upload(String id, String uploadToken, Long length, long offset, String state, Instant expiresAt,
                  String hashToken) {
    }

    /** {@code hashedWhileUploading}: the sha256 came from the digest computed while the PATCH bytes were written. */
    record Placed(String sha256, long size, boolean hashedWhileUploading) {
    }

    public Uni<Void> finish(ApiToken caller, String uploadId, String uploadToken) {
        if (!uploadId.matches("[0-9a-f]{32}")) {
            throw new WireException("Unknown upload id " + printable(uploadId));
        }
        return pool.preparedQuery("SELECT id, upload_token, upload_length, upload_offset, state, expires_at, "
                        + "hash_token FROM tus_upload WHERE id = $1").execute(Tuple.of(uploadId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new WireException("Unknown upload id " + uploadId);
                    }
                    var r = rows.iterator().next();
                    return new Upload(r.getString("id"), r.getString("upload_token"), r.getLong("upload_length"),
                            r.getLong("upload_offset"), r.getString("state"),
                            r.getOffsetDateTime("expires_at").toInstant(), r.getString("hash_token"));
                })
                .flatMap(upload -> tokens.find(uploadToken).flatMap(found -> {
                    UploadTokens.UploadToken token = found.orElseThrow(
                            () -> new WireException("Unknown upload token"));
                    if (!upload.uploadToken().equals(token.token())) {
                        throw new WireException("Upload " + uploadId + " does not belong to this upload token");
                    }
                    if (!token.apiTokenId().equals(caller.id())) {
                        throw new WireException("The upload token was issued to another API token");
                    }
                    switch (upload.state()) {
                        case "FINISHED":
                            return Uni.createFrom().voidItem();
                        case "TERMINATED":
                            throw new WireException("Upload " + uploadId + " was terminated");
                        case "EXPIRED":
                            throw new WireException("Upload " + uploadId + " has expired");
                        default:
                            break;
                    }
                    if (upload.expiresAt().isBefore(Instant.now())) {
                        throw new WireException("Upload " + uploadId + " has expired");
                    }
                    if (upload.length() == null || upload.offset() != upload.length()) {
                        throw new WireException("Upload " + uploadId + " is not complete: " + upload.offset()
                                + " of " + (upload.length() == null ? "an unknown number of" : upload.length())
                                + " bytes received");
                    }
                    return place(upload, token, caller);
                }));
    }

    private Uni<Void> place(Upload upload, UploadTokens.UploadToken token, ApiToken caller) {
        UploadTarget target = token.target();
        Path destination;
        try {
            destination = images.resolve(target);
        } catch (ImagesRoot.PathOutsideRootException e) {
            throw new WireException(e.getMessage());
        }
        Path staging = images.stagingFile(upload.id());
        UploadDigests.State hashed = digests.valid(upload.id(), upload.hashToken()).orElse(null);
        return vertx.executeBlocking(Uni.createFrom().item(() -> moveIntoPlace(staging, destination, upload.length(),
                        hashed)), false)
                .onFailure(java.io.UncheckedIOException.class).transform(e -> {
                    Log.errorf(e, "upload %s: cannot move into %s", upload.id(), target.relativePath());
                    return new WireException("The file could not be stored: " + e.getCause().getMessage());
                })
                .flatMap(placed -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("UPDATE tus_upload SET state = 'FINISHED', finished_path = :path, "
                                + "sha256 = :sha, finished_at = now() WHERE id = :id AND state = 'ACTIVE'")
                        .setParameter("path", target.relativePath()).setParameter("sha", placed.sha256())
                        .setParameter("id", upload.id()).executeUpdate())
                        // Only the call that finished the upload publishes; a concurrent or repeated call does not.
                        .chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                                : events.slideUploaded(new SlideUploaded(target.relativePath(), placed.size(),
                                placed.sha256(), target.folder(), target.fileName(), token.apiTokenId(),
                                FileKinds.of(target), upload.id()))
                                .invoke(() -> count(target, placed))))
                        .invoke(() -> {
                            digests.forget(upload.id());
                            Log.infof("upload %s finished: %s (%d bytes, sha256 %s %s) for token %s", upload.id(),
                                    target.relativePath(), upload.length(), placed.sha256(),
                                    placed.hashedWhileUploading() ? "computed while uploading" : "read from the file",
                                    caller.id());
                        }));
    }

    /**
     * {@code slidescore.upload.finished{kind}}: FinishUpload calls that moved a file; {@code
     * slidescore.upload.sha256{source=upload|file}}: where the sha256 they recorded came from.
     */
    private void count(UploadTarget target, Placed placed) {
        io.micrometer.core.instrument.Counter.builder("slidescore.upload.finished")
                .description("FinishUpload calls that moved a file")
                .tag("kind", FileKinds.of(target).name()).register(registry).increment();
        io.micrometer.core.instrument.Counter.builder("slidescore.upload.sha256")
                .description("sha256 digests recorded by FinishUpload: computed while uploading, or read from the file")
                .tag("source", placed.hashedWhileUploading() ? "upload" : "file").register(registry).increment();
    }

    /**
     * Finishes the sha256 of the staging file (from the digest computed while uploading, else from the whole file),
     * syncs the file and renames it over the destination. When the staging file is gone but the destination has the
     * right size, an earlier call got this far and crashed before recording it: hash that.
     */
    static Placed moveIntoPlace(Path staging, Path destination, long length, UploadDigests.State hashed) {
        try {
            if (!Files.exists(staging)) {
                if (Files.isRegularFile(destination) && Files.size(destination) == length) {
                    return new Placed(sha256(destination), length, false);
                }
                throw new IOException("the uploaded bytes are missing");
            }
            if (Files.size(staging) != length) {
                throw new IOException("the staging file has " + Files.size(staging) + " bytes, expected " + length);
            }
            boolean whileUploading = hashed != null && hashed.hashed() <= length;
            String sha = whileUploading ? sha256(staging, hashed.digest(), hashed.hashed()) : sha256(staging);
            try (FileChannel ch = FileChannel.open(staging, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.createDirectories(destination.getParent());
            try {
                Files.move(staging, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Staging on another file system: copy next to the destination, then rename atomically.
                Path tmp = destination.resolveSibling("." + destination.getFileName() + ".uploading");
                Files.copy(staging, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.delete(staging);
            }
            return new Placed(sha, length, whileUploading);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        return sha256(file, UploadDigests.newDigest(), 0);
    }

    /** Continues {@code md} (the digest of the file's first {@code from} bytes) with the rest of the file. */
    static String sha256(Path file, MessageDigest md, long from) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = from;
            int n;
            while ((n = ch.read(buf.clear(), at)) > 0) {
                md.update(buf.array(), 0, n);
                at += n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String printable(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
