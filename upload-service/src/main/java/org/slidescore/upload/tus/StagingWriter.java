package org.slidescore.upload.tus;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes one PATCH body into the staging file at a given offset. It lives on the request's event loop: incoming
 * buffers (often only 4-8 KiB each) are copied into 1 MiB direct buffers, and full buffers are written in batches
 * (one batch at a time, in write calls of {@link #WRITE_SIZE}), memory per upload staying at a few MiB. Each written
 * batch is hashed into the upload's sha256 when asked ({@link #hashInto}). {@link #hasRoom()} tells the caller when to
 * pause the request (back-pressure).
 *
 * <p>Where a batch is written: <em>inline</em> (on the event loop, each full MiB at once) while every write is quicker
 * than the inline limit, else on a worker thread. Inline is the fast path: a page-cache write of 1 MiB plus its sha256
 * takes about 0.6 ms, and the hand-off to a worker and back (a thread wake-up each way, and the next batch waiting for
 * the event loop to see the completion) cost a single 2 GiB PATCH from tus-js-client about a fifth of its throughput
 * on 2 cores (bench/upload-bench.sh: 520 MB/s with worker writes, 604 MB/s inline, the anchor 602-649 in the same
 * runs). The first inline write slower than the limit switches this writer to worker threads for the rest of the
 * body, so a slow file system blocks the event loop once, for that one write.
 */
final class StagingWriter {
    static final int BUFFER_SIZE = 1 << 20;
    /**
     * Bytes per write call. Not the buffer size: on Linux 6.18 (ext4 with large folios) a 1 MiB write call fills the
     * page cache with large folios, which need high-order free blocks, and in a VM whose balloon reports free memory to
     * the host those are the blocks the host took back: writing 2 GiB in 1 MiB calls cost 4.0-4.3 s of CPU there, in
     * 64 KiB calls 0.6-0.9 s (8 KiB calls 1.1 s; with warm memory 1 MiB and 64 KiB calls both take about 0.45 s).
     */
    static final int WRITE_SIZE = 64 << 10;
    private static final int MAX_QUEUED = 8;
    private static final ArrayBlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(64);
    private static final Set<Path> FLUSHING = ConcurrentHashMap.newKeySet();

    private final Vertx vertx;
    private final Path file;
    private final FileChannel channel;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private ByteBuffer fill;
    private long position;
    private long written;
    private boolean writing;
    private Throwable failure;
    private Promise<Void> idle;
    private Runnable onRoom;
    /** Set when {@link #hasRoom()} answered false (the caller paused): {@link #onRoom} is due once there is room. */
    private boolean full;
    /** Inline writes while each takes at most this long; 0: always on a worker thread. */
    private long inlineLimitNanos;
    /**
     * Each time the written bytes cross a multiple of this file offset, the file's data is flushed to disk in the
     * background (fdatasync on a worker, at most one at a time per file); 0: never, the kernel writes back on its own
     * and FinishUpload syncs. See {@code slidescore.upload.flush-every}.
     */
    private final long flushEvery;
    /** Updated with every byte written, in file order, by the thread that wrote it; null: no hashing. */
    private java.security.MessageDigest digest;

    /** Called once (on the event loop) when a slow write moves this writer's writes to worker threads. */
    private final Runnable onMovedToWorkers;

    /**
     * How a writer writes: on the event loop while each write takes at most {@code inlineLimitNanos} (0: always on
     * worker threads), calling {@code onMovedToWorkers} when a slower one ends that; a background fdatasync every
     * {@code flushEvery} bytes (0: none).
     */
    record Settings(long inlineLimitNanos, long flushEvery, Runnable onMovedToWorkers) {
    }

    private StagingWriter(Vertx vertx, Path file, FileChannel channel, long position, Settings settings) {
        this.vertx = vertx;
        this.file = file;
        this.channel = channel;
        this.position = position;
        this.inlineLimitNanos = settings.inlineLimitNanos();
        this.flushEvery = settings.flushEvery();
        this.onMovedToWorkers = settings.onMovedToWorkers();
    }

    /** Opens (creating if needed) the staging file on a worker thread, to write from {@code offset} on. */
    static Future<StagingWriter> open(Vertx vertx, Path file, long offset, Settings settings) {
        return vertx.executeBlocking(() -> new StagingWriter(vertx, file,
                FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE), offset, settings), false);
    }

    /** Bytes durably handed to the file system so far (contiguous from the start offset). */
    long written() {
        return written;
    }

    /**
     * Hashes every byte from now on into {@code digest} once it is written (before any {@link #accept}). After
     * {@link #drain()} the digest covers exactly {@link #written()} more bytes, unless a write failed.
     */
    void hashInto(java.security.MessageDigest digest) {
        this.digest = digest;
    }

    Throwable failure() {
        return failure;
    }

    boolean hasRoom() {
        boolean room = queue.size() < MAX_QUEUED;
        if (!room) {
            full = true;
        }
        return room;
    }

    /** Whether a paused request may resume: half the queue is free again (hysteresis against pause/resume churn). */
    boolean canResume() {
        return queue.size() <= MAX_QUEUED / 2;
    }

    /** Called (on the event loop) when {@link #hasRoom()} turns true again. */
    void onRoom(Runnable r) {
        this.onRoom = r;
    }

    void accept(Buffer data) {
        var bb = data.getByteBuf();
        int index = bb.readerIndex();
        int remaining = bb.readableBytes();
        while (remaining > 0) {
            if (fill == null) {
                fill = take();
            }
            int n = Math.min(remaining, fill.remaining());
            ByteBuffer slice = fill.slice();
            slice.limit(n);
            bb.getBytes(index, slice);
            fill.position(fill.position() + n);
            index += n;
            remaining -= n;
            if (!fill.hasRemaining()) {
                fill.flip();
                queue.add(fill);
                fill = null;
                kick();
            }
        }
    }

    /** Writes what is buffered; completes once every accepted byte is written (or a write failed). */
    Future<Void> drain() {
        if (fill != null && fill.position() > 0) {
            fill.flip();
            queue.add(fill);
            fill = null;
        }
        if (!writing && queue.isEmpty()) {
            return Future.succeededFuture();
        }
        if (idle == null) {
            idle = Promise.promise();
        }
        // kick() may complete (and clear) idle right away when a write finished before its callback was attached.
        Future<Void> done = idle.future();
        kick();
        return done;
    }

    /** Writes a partly filled buffer when nothing else is pending (the body stalled): keeps the file near the offset. */
    void flushIdle() {
        if (!writing && queue.isEmpty() && fill != null && fill.position() > 0) {
            fill.flip();
            queue.add(fill);
            fill = null;
            kick();
        }
    }

    /** Drops what is buffered and not yet written (an aborted chunk). */
    void discardBuffered() {
        if (fill != null) {
            give(fill);
            fill = null;
        }
        while (!queue.isEmpty()) {
            give(queue.poll());
        }
    }

    /** Cuts the file back to {@code length} bytes (a rolled-back chunk) and closes it. */
    Future<Void> truncateAndClose(long length) {
        discardBuffered();
        return drain().eventually(() -> vertx.executeBlocking(() -> {
            try (channel) {
                if (channel.size() > length) {
                    channel.truncate(length);
                }
            }
            return null;
        }, false));
    }

    Future<Void> close() {
        return vertx.executeBlocking(() -> {
            channel.close();
            return null;
        }, false);
    }

    private void kick() {
        if (writing || queue.isEmpty() || failure != null) {
            if (!writing && idle != null && (queue.isEmpty() || failure != null)) {
                Promise<Void> p = idle;
                idle = null;
                discardBuffered();
                p.complete();
            }
            return;
        }
        // Everything queued goes in one batch (on a worker thread: one hand-off per batch, not per MiB).
        ByteBuffer[] batch = queue.toArray(new ByteBuffer[0]);
        queue.clear();
        long at = position;
        long n = 0;
        for (ByteBuffer b : batch) {
            n += b.remaining();
        }
        long total = n;
        position += total;
        writing = true;
        java.security.MessageDigest md = digest;
        if (inlineLimitNanos == 0) {
            vertx.<Void>executeBlocking(() -> {
                write(batch, at, md);
                return null;
            }, false).onComplete(ar -> written(batch, at, total, ar.cause()));
            return;
        }
        long t0 = System.nanoTime();
        Throwable failed = null;
        try {
            write(batch, at, md);
        } catch (IOException | RuntimeException e) {
            failed = e;
        }
        long took = System.nanoTime() - t0;
        if (took > inlineLimitNanos) {
            io.quarkus.logging.Log.infof("staging file %s: a write of %d bytes took %d ms on the event loop; "
                    + "this PATCH writes on worker threads from now on", file, total, took / 1_000_000);
            inlineLimitNanos = 0;
            onMovedToWorkers.run();
        }
        written(batch, at, total, failed);
    }

    /**
     * Writes the batch at file offset {@code at}, in calls of {@link #WRITE_SIZE}, then continues {@code md} (if any)
     * with it: the sha256 of the upload, so FinishUpload need not read the file again.
     */
    private void write(ByteBuffer[] batch, long at, java.security.MessageDigest md) throws IOException {
        long pos = at;
        for (ByteBuffer b : batch) {
            for (int off = b.position(); off < b.limit(); off += WRITE_SIZE) {
                ByteBuffer piece = b.slice(off, Math.min(WRITE_SIZE, b.limit() - off));
                while (piece.hasRemaining()) {
                    pos += channel.write(piece, pos);
                }
            }
        }
        if (md != null) {
            for (ByteBuffer b : batch) {
                b.rewind();
                md.update(b);
            }
        }
    }

    /** After a batch's write (on the event loop): buffers back to the pool, progress or failure, the next batch. */
    private void written(ByteBuffer[] batch, long at, long total, Throwable failed) {
        writing = false;
        for (ByteBuffer b : batch) {
            give(b);
        }
        if (failed == null) {
            written += total;
            if (flushEvery > 0 && at / flushEvery != (at + total) / flushEvery) {
                flushBehind();
            }
        } else if (failure == null) {
            failure = failed;
        }
        kick();
        if (full && canResume() && onRoom != null) {
            full = false;
            onRoom.run();
        }
    }

    /** Starts a background fdatasync of the file unless one is running (on its own descriptor: closing ours never waits). */
    private void flushBehind() {
        if (!FLUSHING.add(file)) {
            return;
        }
        vertx.<Void>executeBlocking(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
            return null;
        }, false).onComplete(ar -> {
            FLUSHING.remove(file);
            if (ar.failed()) {
                // the upload was finished or deleted meanwhile; FinishUpload syncs (and reports) on its own
                io.quarkus.logging.Log.debugf("background flush of %s: %s", file, ar.cause().toString());
            }
        });
    }

    private static ByteBuffer take() {
        ByteBuffer b = POOL.poll();
        return b != null ? b : ByteBuffer.allocateDirect(BUFFER_SIZE);
    }

    private static void give(ByteBuffer b) {
        b.clear();
        POOL.offer(b);
    }

    static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (ch.size() > length) {
                ch.truncate(length);
            }
        }
    }
}
