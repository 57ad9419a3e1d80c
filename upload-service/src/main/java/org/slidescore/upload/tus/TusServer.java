package org.slidescore.upload.tus;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.slidescore.upload.config.UploadConfig;
import org.slidescore.upload.domain.ImagesRoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tus 1.0.0 server at {@code /files} and {@code /files/}: a plain Vert.x route ahead of Quarkus's body-size
 * limit, so bodies of any size stream straight to the staging file. Extensions: creation, creation-with-upload,
 * creation-defer-length, checksum (sha1, md5, sha256), expiration, termination.
 */
@ApplicationScoped
public class TusServer {
    static final String VERSION = "1.0.0";
    static final String EXTENSIONS = "creation,creation-with-upload,creation-defer-length,checksum,expiration,termination";
    static final String CHECKSUM_ALGORITHMS = "sha1,md5,sha256";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    /** Runs before Quarkus's max-body-size check (order -2) and every other application route. */
    static final int ROUTE_ORDER = -100;
    /** How much of an unwanted request body we read and drop before closing the connection instead. */
    static final long MAX_DRAIN = 1 << 20;

    static final String ALLOW_METHODS = "POST, HEAD, PATCH, OPTIONS, GET, DELETE";
    static final String ALLOW_HEADERS = "Authorization, Origin, X-Requested-With, X-Request-ID, X-HTTP-Method-Override, "
            + "Content-Type, Upload-Length, Upload-Offset, Tus-Resumable, Upload-Metadata, Upload-Defer-Length, "
            + "Upload-Concat, Upload-Checksum";
    static final String EXPOSE_HEADERS = "Upload-Offset, Location, Upload-Length, Tus-Version, Tus-Resumable, "
            + "Tus-Max-Size, Tus-Extension, Upload-Metadata, Upload-Defer-Length, Upload-Concat, Upload-Expires";

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final TusUploadStore store;
    private final TusCreationGuard guard;
    private final ImagesRoot images;
    private final UploadConfig config;
    private final UploadDigests digests;
    /** PATCHes in progress on this replica, so that a newer request for the same upload can make them let go. */
    private final ConcurrentHashMap<String, Transfer> active = new ConcurrentHashMap<>();

    /** {@code slidescore.upload.bytes}: bytes written to staging files by PATCH and creation-with-upload bodies. */
    private final io.micrometer.core.instrument.Counter bytesStored;
    /** Where and how request bodies are written (inline on the event loop or on workers; background syncs). */
    private final StagingWriter.Settings writerSettings;

    public TusServer(Vertx vertx, TusUploadStore store, TusCreationGuard guard, ImagesRoot images, UploadConfig config,
                     UploadDigests digests, io.micrometer.core.instrument.MeterRegistry registry) {
        this.vertx = vertx;
        this.store = store;
        this.guard = guard;
        this.images = images;
        this.config = config;
        this.digests = digests;
        this.bytesStored = io.micrometer.core.instrument.Counter.builder("slidescore.upload.bytes")
                .description("bytes received by tus PATCH requests and kept").register(registry);
        io.micrometer.core.instrument.Gauge.builder("slidescore.upload.active", active, ConcurrentHashMap::size)
                .description("uploads with a PATCH in progress on this replica").register(registry);
        io.micrometer.core.instrument.Counter movedToWorkers = io.micrometer.core.instrument.Counter
                .builder("slidescore.upload.writes-moved-to-workers")
                .description("request bodies whose writes left the event loop: one write was slower than "
                        + "slidescore.upload.inline-write-limit").register(registry);
        this.writerSettings = new StagingWriter.Settings(
                config.inlineWrites() ? Math.max(1, config.inlineWriteLimit().toNanos()) : 0, config.flushEvery(),
                movedToWorkers::increment);
    }

    void register(@Observes Router router) {
        router.routeWithRegex("^/files(/[^/]*)?$").order(ROUTE_ORDER).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        req.pause();
        HttpServerResponse res = rc.response();
        res.putHeader("Tus-Resumable", VERSION);
        boolean preflight = cors(req, res);
        String method = Optional.ofNullable(req.getHeader("X-HTTP-Method-Override"))
                .map(m -> m.trim().toUpperCase(Locale.ROOT)).filter(m -> !m.isEmpty())
                .orElse(req.method().name());
        String path = req.path();
        String id = path.length() > "/files/".length() ? path.substring("/files/".length()) : null;
        try {
            if (method.equals("OPTIONS")) {
                options(rc, preflight);
                return;
            }
            String version = req.getHeader("Tus-Resumable");
            if (!VERSION.equals(version == null ? null : version.trim())) {
                res.putHeader("Tus-Version", VERSION);
                throw new TusException(412, "Tus-Resumable " + (version == null ? "missing" : version)
                        + " is not supported; this server speaks " + VERSION);
            }
            switch (method) {
                case "POST" -> {
                    if (id != null) {
                        throw methodNotAllowed(res, "HEAD, PATCH, DELETE, OPTIONS");
                    }
                    create(rc);
                }
                case "HEAD" -> head(rc, requireId(id, res));
                case "PATCH" -> patch(rc, requireId(id, res));
                case "DELETE" -> delete(rc, requireId(id, res));
                default -> throw methodNotAllowed(res, id == null ? "POST, OPTIONS" : "HEAD, PATCH, DELETE, OPTIONS");
            }
        } catch (RuntimeException e) {
            // TusException: a refusal; anything else is answered 500 with Tus-Resumable by fail() and logged there.
            fail(rc, e);
        }
    }

    private static String requireId(String id, HttpServerResponse res) {
        if (id == null) {
            throw methodNotAllowed(res, "POST, OPTIONS");
        }
        return id;
    }

    private static TusException methodNotAllowed(HttpServerResponse res, String allow) {
        res.putHeader("Allow", allow);
        return new TusException(405, "Method not allowed here");
    }

    // ---------------------------------------------------------------- OPTIONS, CORS

    private void options(RoutingContext rc, boolean preflight) {
        HttpServerResponse res = rc.response();
        res.putHeader("Tus-Version", VERSION)
                .putHeader("Tus-Extension", EXTENSIONS)
                .putHeader("Tus-Max-Size", Long.toString(config.maxSize()))
                .putHeader("Tus-Checksum-Algorithm", CHECKSUM_ALGORITHMS);
        // 200 rather than 204: some browsers reject a 204 preflight.
        end(rc, preflight ? 200 : 204);
    }

    /** Adds CORS headers for an allowed Origin; answers whether this is a preflight. */
    private boolean cors(HttpServerRequest req, HttpServerResponse res) {
        String origin = req.getHeader("Origin");
        if (origin == null || !(config.corsOrigins().contains("*") || config.corsOrigins().contains(origin))) {
            return false;
        }
        res.putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin")
                .putHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        boolean preflight = req.method() == HttpMethod.OPTIONS && req.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            res.putHeader("Access-Control-Allow-Methods", ALLOW_METHODS)
                    .putHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
                    .putHeader("Access-Control-Max-Age", "86400");
        }
        return preflight;
    }

    // ---------------------------------------------------------------- POST (creation)

    private void create(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String lengthHeader = req.getHeader("Upload-Length");
        String deferHeader = req.getHeader("Upload-Defer-Length");
        if ((lengthHeader == null) == (deferHeader == null)) {
            throw new TusException(400, "Send exactly one of Upload-Length and Upload-Defer-Length");
        }
        Long length = null;
        if (lengthHeader != null) {
            length = parseNonNegative(lengthHeader, "Upload-Length");
            if (length > config.maxSize()) {
                throw new TusException(413, "Upload-Length exceeds the maximum size " + config.maxSize());
            }
        } else if (!deferHeader.trim().equals("1")) {
            throw new TusException(400, "Upload-Defer-Length must be 1");
        }
        UploadMetadata metadata = UploadMetadata.parse(req.getHeader("Upload-Metadata"));
        String uploadToken = metadata.string("uploadtoken");
        String apiToken = metadata.string("apitoken");
        if (uploadToken == null || uploadToken.isBlank() || apiToken == null || apiToken.isBlank()) {
            throw new TusException(400, "Upload-Metadata must carry uploadtoken and apitoken (call RequestUpload first)");
        }
        Long contentLength = contentLength(req);
        boolean hasBody = hasBody(req, contentLength);
        if (hasBody) {
            requireOffsetOctetStream(req);
            long limit = length != null ? length : config.maxSize();
            if (contentLength != null && contentLength > limit) {
                throw new TusException(413, "The body is longer than Upload-Length");
            }
        }
        Checksum checksum = hasBody ? Checksum.parse(req.getHeader("Upload-Checksum")) : null;
        String id = newId();
        String owner = newId();
        Instant expires = Instant.now().plus(config.expiration());
        Long declared = length;
        guard.authorize(uploadToken.trim(), apiToken.trim())
                .flatMap(tokenId -> store.create(id, uploadToken.trim(), tokenId, declared, metadata.raw(), expires,
                        owner))
                .call(u -> Uni.createFrom().completionStage(
                        vertx.executeBlocking(() -> createEmpty(images.stagingFile(id)), false).toCompletionStage()))
                .subscribe().with(upload -> {
                    HttpServerResponse res = rc.response();
                    res.putHeader("Location", baseUrl(req) + "/files/" + id)
                            .putHeader("Upload-Expires", HTTP_DATE.format(expires));
                    Log.infof("tus upload %s created (length %s) for token %s", id,
                            declared == null ? "deferred" : declared, upload.apiTokenId());
                    if (!hasBody) {
                        store.release(id, owner, null, null).subscribe().with(
                                ok -> end(rc, 201), e -> fail(rc, e));
                        return;
                    }
                    new Transfer(rc, upload, owner, 0, checksum, true).start();
                }, e -> fail(rc, e));
    }

    private static Void createEmpty(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        return null;
    }

    // ---------------------------------------------------------------- HEAD

    private void head(RoutingContext rc, String id) {
        String owner = newId();
        locked(id, owner).subscribe().with(acquired -> {
            TusUpload u = acquired.upload();
            store.release(id, owner, u.offset(), null).subscribe().with(ok -> {
                HttpServerResponse res = rc.response();
                res.putHeader("Cache-Control", "no-store").putHeader("Upload-Offset", Long.toString(u.offset()));
                if (u.length() != null) {
                    res.putHeader("Upload-Length", Long.toString(u.length()));
                } else {
                    res.putHeader("Upload-Defer-Length", "1");
                }
                if (u.metadata() != null) {
                    res.putHeader("Upload-Metadata", u.metadata());
                }
                if (u.state() == TusUpload.State.ACTIVE) {
                    res.putHeader("Upload-Expires", HTTP_DATE.format(u.expiresAt()));
                }
                end(rc, 200);
            }, e -> fail(rc, e));
        }, e -> {
            rc.response().putHeader("Cache-Control", "no-store");
            fail(rc, e);
        });
    }

    // ---------------------------------------------------------------- DELETE (termination)

    private void delete(RoutingContext rc, String id) {
        String owner = newId();
        locked(id, owner)
                .flatMap(a -> store.terminate(id, owner))
                .call(ok -> Uni.createFrom().completionStage(vertx.executeBlocking(() -> {
                    Files.deleteIfExists(images.stagingFile(id));
                    return null;
                }, false).toCompletionStage()))
                .subscribe().with(ok -> {
                    digests.forget(id);
                    Log.infof("tus upload %s terminated", id);
                    end(rc, 204);
                }, e -> fail(rc, e));
    }

    // ---------------------------------------------------------------- PATCH

    private void patch(RoutingContext rc, String id) {
        HttpServerRequest req = rc.request();
        requireOffsetOctetStream(req);
        String offsetHeader = req.getHeader("Upload-Offset");
        if (offsetHeader == null) {
            throw new TusException(400, "Upload-Offset is missing");
        }
        long offset = parseNonNegative(offsetHeader, "Upload-Offset");
        String lengthHeader = req.getHeader("Upload-Length");
        Long newLength = lengthHeader == null ? null : parseNonNegative(lengthHeader, "Upload-Length");
        Checksum checksum = Checksum.parse(req.getHeader("Upload-Checksum"));
        Long contentLength = contentLength(req);
        String owner = newId();
        locked(id, owner).subscribe().with(acquired -> {
            TusUpload u = acquired.upload();
            Runnable giveUp = () -> store.release(id, owner, null, null).subscribe().with(x -> { }, x -> { });
            try {
                if (u.offset() != offset) {
                    throw new TusException(409, "Upload-Offset " + offset + " does not match the upload's offset "
                            + u.offset());
                }
                Long length = u.length();
                if (newLength != null) {
                    if (length != null && !length.equals(newLength)) {
                        throw new TusException(400, "Upload-Length cannot change once set");
                    }
                    if (newLength < u.offset() || newLength > config.maxSize()) {
                        throw new TusException(newLength > config.maxSize() ? 413 : 400,
                                "Upload-Length " + newLength + " is out of range");
                    }
                }
                long limit = newLength != null ? newLength : length != null ? length : config.maxSize();
                if (contentLength != null && offset + contentLength > limit) {
                    throw new TusException(413, "The body goes past the end of the upload (" + limit + " bytes)");
                }
                if (u.state() == TusUpload.State.FINISHED) {
                    // Already moved into the images root: only an empty PATCH at the end is fine.
                    if (contentLength == null || contentLength > 0) {
                        throw new TusException(413, "The upload is complete");
                    }
                    store.release(id, owner, null, null).subscribe().with(x -> {
                        rc.response().putHeader("Upload-Offset", Long.toString(u.offset()));
                        end(rc, 204);
                    }, e -> fail(rc, e));
                    return;
                }
                Uni<Boolean> declare = newLength != null && length == null
                        ? store.declareLength(id, owner, newLength) : Uni.createFrom().item(true);
                TusUpload withLength = new TusUpload(u.id(), u.uploadToken(), u.apiTokenId(),
                        newLength != null ? newLength : length, u.offset(), u.metadata(), u.state(), u.expiresAt(),
                        owner, false, u.finishedPath(), u.sha256(), u.hashToken());
                declare.call(ok -> checksum == null ? Uni.createFrom().voidItem()
                                : store.markChecksum(id, owner, true))
                        .subscribe().with(ok -> new Transfer(rc, withLength, owner, offset, checksum, false).start(),
                                e -> {
                                    giveUp.run();
                                    fail(rc, e);
                                });
            } catch (TusException e) {
                giveUp.run();
                fail(rc, e);
            }
        }, e -> fail(rc, e));
    }

    /**
     * Finds the upload (404/410) and takes its lock, asking whoever holds it (a PATCH on this or another replica,
     * perhaps on a dead connection) to let go. Repairs the offset when the lease of a crashed holder was taken over.
     */
    private Uni<TusUploadStore.Acquired> locked(String id, String owner) {
        if (!id.matches("[0-9a-f]{32}")) {
            return Uni.createFrom().failure(new TusException(404, "No such upload"));
        }
        long deadline = System.nanoTime() + config.lockAcquireTimeout().toNanos();
        return store.find(id).flatMap(found -> {
            TusUpload u = found.orElseThrow(() -> new TusException(404, "No such upload"));
            if (u.gone(Instant.now())) {
                throw new TusException(410, "The upload expired or was terminated");
            }
            return acquire(id, owner, deadline);
        }).flatMap(a -> {
            if (a.upload().gone(Instant.now())) {
                return store.release(id, owner, null, null)
                        .flatMap(x -> Uni.createFrom().failure(new TusException(410, "The upload expired or was terminated")));
            }
            if (a.previousOwner() == null || a.upload().state() != TusUpload.State.ACTIVE) {
                return Uni.createFrom().item(a);
            }
            return recover(a, owner);
        });
    }

    private Uni<TusUploadStore.Acquired> acquire(String id, String owner, long deadline) {
        return store.tryLock(id, owner).flatMap(got -> {
            if (got.isPresent()) {
                return Uni.createFrom().item(got.get());
            }
            if (System.nanoTime() > deadline) {
                return Uni.createFrom().failure(new TusException(423, "The upload is locked by another request"));
            }
            Transfer holder = active.get(id);
            if (holder != null) {
                holder.requestRelease();
            }
            return store.requestRelease(id).flatMap(x -> delay(50)).flatMap(x -> acquire(id, owner, deadline));
        });
    }

    /**
     * The previous holder died without releasing (its replica crashed). The file may hold more bytes than the last
     * recorded offset (kept, if that PATCH had no checksum) or a chunk that was never verified (cut off).
     */
    private Uni<TusUploadStore.Acquired> recover(TusUploadStore.Acquired a, String owner) {
        TusUpload u = a.upload();
        Path file = images.stagingFile(u.id());
        return Uni.createFrom().completionStage(vertx.executeBlocking(() -> {
            long size = Files.exists(file) ? Files.size(file) : 0;
            long offset = u.offset();
            if (a.previousChecksum() || size < offset) {
                StagingWriter.truncate(file, Math.min(offset, size));
                return Math.min(offset, size);
            }
            long keep = u.length() == null ? size : Math.min(size, u.length());
            StagingWriter.truncate(file, keep);
            return keep;
        }, false).toCompletionStage()).flatMap(offset -> {
            Log.infof("tus upload %s: took over a stale lock, offset %d -> %d", u.id(), u.offset(), offset);
            return store.adopt(u.id(), owner, offset).map(x -> new TusUploadStore.Acquired(
                    new TusUpload(u.id(), u.uploadToken(), u.apiTokenId(), u.length(), offset, u.metadata(), u.state(),
                            u.expiresAt(), owner, false, u.finishedPath(), u.sha256(), null), null, false));
        });
    }

    private Uni<Void> delay(long millis) {
        return Uni.createFrom().emitter(e -> vertx.setTimer(millis, t -> e.complete(null)));
    }

    /**
     * One request body being written to the staging file (a PATCH, or the body of a creation-with-upload POST).
     * Every callback runs on the request's event loop.
     */
    final class Transfer {
        private final RoutingContext rc;
        private final HttpServerRequest req;
        private final TusUpload upload;
        private final String owner;
        private final long start;
        private final long limit;
        private final Checksum checksum;
        private final boolean creation;
        private final io.vertx.core.Context context;
        private StagingWriter writer;
        /** sha256 of the upload's bytes [0, start + written), continued by the writer; null when not hashing. */
        private java.security.MessageDigest sha;
        /** A copy of {@link #sha} at {@link #start}, for when this chunk is cut off again. */
        private java.security.MessageDigest shaAtStart;
        private long received;
        private long lastData = System.nanoTime();
        private long renewTimer = -1;
        private boolean renewing;
        /** Set once: the body ended, or the transfer was stopped. */
        private boolean settled;

        Transfer(RoutingContext rc, TusUpload upload, String owner, long start, Checksum checksum, boolean creation) {
            this.rc = rc;
            this.req = rc.request();
            this.upload = upload;
            this.owner = owner;
            this.start = start;
            this.limit = upload.length() != null ? upload.length() : config.maxSize();
            this.checksum = checksum;
            this.creation = creation;
            this.context = vertx.getOrCreateContext();
        }

        void start() {
            StagingWriter.open(vertx, images.stagingFile(upload.id()), start, writerSettings).onComplete(ar -> {
                if (ar.failed()) {
                    Log.errorf(ar.cause(), "tus upload %s: cannot open the staging file", upload.id());
                    store.release(upload.id(), owner, null, null).subscribe().with(x -> { }, x -> { });
                    fail(rc, new TusException(500, "The upload cannot be written"));
                    return;
                }
                writer = ar.result();
                sha = digests.continueAt(upload, start);
                if (sha != null) {
                    shaAtStart = UploadDigests.copy(sha);
                    writer.hashInto(sha);
                }
                writer.onRoom(() -> {
                    lastData = System.nanoTime();
                    if (!settled) {
                        req.resume();
                    }
                });
                Transfer previous = active.put(upload.id(), this);
                if (previous != null && previous != this) {
                    previous.requestRelease();
                }
                req.handler(this::data);
                req.endHandler(v -> ended());
                req.exceptionHandler(e -> stop("connection error: " + e.getMessage()));
                rc.response().closeHandler(v -> stop("connection closed"));
                long every = config.lockRenewInterval().toMillis();
                renewTimer = vertx.setPeriodic(every, every, t -> renew());
                req.resume();
            });
        }

        /** Another request wants this upload: stop reading, keep the bytes, let go of the lock. */
        void requestRelease() {
            context.runOnContext(v -> stop("a newer request took over"));
        }

        private void data(io.vertx.core.buffer.Buffer buf) {
            if (settled) {
                return;
            }
            lastData = System.nanoTime();
            int n = buf.length();
            if (start + received + n > limit) {
                overflow();
                return;
            }
            received += n;
            if (checksum != null) {
                checksum.update(buf);
            }
            writer.accept(buf);
            if (!writer.hasRoom()) {
                req.pause();
            }
        }

        private void renew() {
            if (settled || renewing) {
                return;
            }
            if (System.nanoTime() - lastData > config.idleTimeout().toNanos()) {
                stop("no data for " + config.idleTimeout().toSeconds() + " s");
                return;
            }
            renewing = true;
            if (System.nanoTime() - lastData > config.lockRenewInterval().toNanos()) {
                writer.flushIdle();
            }
            Long progress = checksum == null ? start + writer.written() : null;
            store.renew(upload.id(), owner, progress).subscribe().with(r -> {
                renewing = false;
                if (r.isEmpty()) {
                    lost();
                } else if (r.get()) {
                    stop("a newer request took over");
                }
            }, e -> renewing = false);
        }

        /** The body ended: write the rest, verify the checksum, record the offset, answer. */
        private void ended() {
            if (settled) {
                return;
            }
            settle();
            writer.drain().onComplete(d -> {
                if (writer.failure() != null) {
                    Log.errorf(writer.failure(), "tus upload %s: write failed", upload.id());
                    rollback(500, "The upload could not be written");
                    return;
                }
                if (checksum != null && !checksum.matches()) {
                    rollback(460, "Checksum mismatch (" + checksum.algorithm() + ")");
                    return;
                }
                long offset = start + received;
                Instant expires = Instant.now().plus(config.expiration());
                String hashToken = keepDigest(offset);
                writer.close().onComplete(c -> store.releaseWritten(upload.id(), owner, offset, expires, hashToken)
                        .subscribe().with(ok -> {
                    HttpServerResponse res = rc.response();
                    res.putHeader("Upload-Offset", Long.toString(offset))
                            .putHeader("Upload-Expires", HTTP_DATE.format(expires));
                    if (!ok) {
                        digests.drop(upload.id(), hashToken);
                        Log.warnf("tus upload %s: lock lost before the PATCH finished", upload.id());
                        fail(rc, new TusException(423, "The upload was taken over by another request"));
                        return;
                    }
                    bytesStored.increment(received);
                    if (upload.length() != null && offset == upload.length()) {
                        Log.infof("tus upload %s complete: %d bytes", upload.id(), offset);
                    }
                    end(rc, creation ? 201 : 204);
                }, e -> fail(rc, e)));
            });
        }

        /** The body would go past the upload's end: nothing of this chunk is kept. */
        private void overflow() {
            settle();
            req.pause();
            rollback(413, "The body goes past the end of the upload (" + limit + " bytes)");
        }

        /** Cuts this chunk off again and answers {@code status} (checksum mismatch, overflow, write error). */
        private void rollback(int status, String message) {
            writer.truncateAndClose(start).onComplete(t -> {
                String hashToken = keepDigest(start);
                store.releaseWritten(upload.id(), owner, start, Instant.now().plus(config.expiration()), hashToken)
                    .subscribe().with(ok -> {
                        if (!ok) {
                            digests.drop(upload.id(), hashToken);
                        }
                        if (creation) {
                            rc.response().putHeader("Upload-Offset", Long.toString(start));
                        }
                        fail(rc, new TusException(status, message));
                    }, e -> fail(rc, e));
            });
        }

        /** Interrupted (connection gone, idle, or a newer request): keep what was written, unless it is unverified. */
        private void stop(String why) {
            if (settled) {
                return;
            }
            settle();
            req.pause();
            if (!rc.response().ended()) {
                rc.request().connection().close();
            }
            if (checksum != null) {
                writer.discardBuffered();
            }
            // Every byte received so far is written before the offset is recorded.
            writer.drain().onComplete(d -> {
                long keep = checksum != null || writer.failure() != null ? start : start + writer.written();
                var done = keep == start + writer.written() ? writer.close() : writer.truncateAndClose(keep);
                done.onComplete(c -> {
                    String hashToken = keepDigest(keep);
                    store.releaseWritten(upload.id(), owner, keep, Instant.now().plus(config.expiration()), hashToken)
                        .invoke(ok -> {
                            if (ok) {
                                bytesStored.increment(keep - start);
                            } else {
                                digests.drop(upload.id(), hashToken);
                            }
                        })
                        .subscribe().with(ok -> Log.infof("tus upload %s: PATCH stopped (%s), offset %d", upload.id(),
                                why, keep), e -> Log.warnf("tus upload %s: release failed: %s", upload.id(),
                                e.getMessage()));
                });
            });
        }

        /** Our lease was taken over (this replica stalled): write nothing more, record nothing. */
        private void lost() {
            if (settled) {
                return;
            }
            settle();
            req.pause();
            rc.request().connection().close();
            writer.discardBuffered();
            writer.drain().onComplete(d -> writer.close());
            Log.warnf("tus upload %s: lock lease lost during a PATCH", upload.id());
        }

        /**
         * Stores the digest of the upload's first {@code offset} bytes, when this PATCH has it (everything written
         * and hashed, or nothing kept of this chunk), under a new token for the row; null when there is none.
         */
        private String keepDigest(long offset) {
            java.security.MessageDigest digest = null;
            if (sha != null && writer.failure() == null && offset == start + writer.written()) {
                digest = sha;
            } else if (shaAtStart != null && offset == start) {
                digest = shaAtStart;
            }
            sha = null;
            shaAtStart = null;
            if (digest == null) {
                return null;
            }
            String token = newId();
            digests.put(upload.id(), token, digest, offset);
            return token;
        }

        private void settle() {
            settled = true;
            if (renewTimer >= 0) {
                vertx.cancelTimer(renewTimer);
            }
            active.remove(upload.id(), this);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void requireOffsetOctetStream(HttpServerRequest req) {
        String type = req.getHeader("Content-Type");
        String base = type == null ? "" : type.split(";", 2)[0].trim();
        if (!base.equalsIgnoreCase(OFFSET_OCTET_STREAM)) {
            throw new TusException(415, "Content-Type must be " + OFFSET_OCTET_STREAM);
        }
    }

    private static Long contentLength(HttpServerRequest req) {
        String cl = req.getHeader("Content-Length");
        return cl == null ? null : parseNonNegative(cl, "Content-Length");
    }

    private static boolean hasBody(HttpServerRequest req, Long contentLength) {
        if (contentLength != null) {
            return contentLength > 0;
        }
        String te = req.getHeader("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    static long parseNonNegative(String value, String header) {
        try {
            long v = Long.parseLong(value.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TusException(400, header + " must be a non-negative integer");
        }
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Scheme, host and prefix the client used (X-Forwarded-* from the gateway or a proxy, else the request). */
    static String baseUrl(HttpServerRequest req) {
        String proto = first(req.getHeader("X-Forwarded-Proto"));
        String host = first(req.getHeader("X-Forwarded-Host"));
        String prefix = first(req.getHeader("X-Forwarded-Prefix"));
        if (proto == null) {
            proto = req.scheme();
        }
        if (host == null) {
            host = req.getHeader("Host");
        }
        if (host == null || !host.matches("[A-Za-z0-9.:\\[\\]_-]+") || !proto.matches("https?")) {
            return prefix == null ? "" : sanitizePrefix(prefix);
        }
        return proto + "://" + host + (prefix == null ? "" : sanitizePrefix(prefix));
    }

    private static String sanitizePrefix(String prefix) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return p.matches("(/[A-Za-z0-9._~-]+)*") ? p : "";
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String v = header.split(",", 2)[0].trim();
        return v.isEmpty() ? null : v;
    }

    private void end(RoutingContext rc, int status) {
        HttpServerResponse res = rc.response();
        if (res.ended() || res.closed()) {
            return;
        }
        res.setStatusCode(status).end();
        drainOrClose(rc.request());
    }

    /** Answers an error as plain text with Tus-Resumable, then drops any unread body (or closes the connection). */
    void fail(RoutingContext rc, Throwable e) {
        HttpServerResponse res = rc.response();
        if (res.ended() || res.closed()) {
            return;
        }
        int status;
        String message;
        if (e instanceof TusException t) {
            status = t.status();
            message = t.getMessage();
        } else {
            Log.errorf(e, "tus request %s %s failed", rc.request().method(), rc.request().path());
            status = 500;
            message = "Internal error";
        }
        res.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
        drainOrClose(rc.request());
    }

    private static void drainOrClose(HttpServerRequest req) {
        if (req.isEnded()) {
            return;
        }
        long[] dropped = {0};
        req.handler(buf -> {
            dropped[0] += buf.length();
            if (dropped[0] > MAX_DRAIN) {
                req.pause();
                req.connection().close();
            }
        });
        req.endHandler(null);
        req.exceptionHandler(null);
        req.resume();
    }
}
