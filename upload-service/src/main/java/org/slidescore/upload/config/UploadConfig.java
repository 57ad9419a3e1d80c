package org.slidescore.upload.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the upload service ({@code slidescore.upload.*}). */
@ConfigMapping(prefix = "slidescore.upload")
public interface UploadConfig {

    /** Where tus uploads are written until FinishUpload moves them; default {@code <images root>/.staging}. */
    @WithName("staging-dir")
    Optional<String> stagingDir();

    /** Largest upload accepted ({@code Tus-Max-Size}), bytes. */
    @WithName("max-size")
    @WithDefault("50000000000")
    long maxSize();

    /** An upload with no activity for this long expires ({@code Upload-Expires}) and is swept. */
    @WithDefault("24h")
    Duration expiration();

    /** How long an upload token from RequestUpload stays valid. */
    @WithName("token-ttl")
    @WithDefault("7d")
    Duration tokenTtl();

    /** How long finished, terminated or expired uploads stay tracked (answered with 410) before the sweeper forgets them. */
    @WithName("tombstone-retention")
    @WithDefault("7d")
    Duration tombstoneRetention();

    /** A PATCH that receives no byte for this long is treated as a dead connection: its bytes are kept, the lock freed. */
    @WithName("idle-timeout")
    @WithDefault("60s")
    Duration idleTimeout();

    /** Lease of the per-upload lock; the holder renews it every {@link #lockRenewInterval()}. */
    @WithName("lock-lease")
    @WithDefault("10s")
    Duration lockLease();

    @WithName("lock-renew-interval")
    @WithDefault("1s")
    Duration lockRenewInterval();

    /** How long a request waits for the upload's lock (after asking the holder to let go) before 423. */
    @WithName("lock-acquire-timeout")
    @WithDefault("15s")
    Duration lockAcquireTimeout();

    /**
     * Whether a PATCH writes (and hashes) its body on the request's event loop rather than on a worker thread, while
     * every write is quick. A write of the staging file into the page cache takes well under a millisecond per MiB,
     * and handing each MiB to a worker and back cost single-PATCH uploads about a fifth of their throughput on 2
     * cores. The first write (1 MiB, with its sha256) slower than {@link #inlineWriteLimit()} moves that PATCH's
     * writes to worker threads for good, so a slow or stalled file system (NFS, a full disk) blocks the event loop for
     * at most one write. Set {@code false} to never write on the event loop.
     */
    @WithName("inline-writes")
    @WithDefault("true")
    boolean inlineWrites();

    @WithName("inline-write-limit")
    @WithDefault("20ms")
    Duration inlineWriteLimit();

    /**
     * Bytes between background fdatasyncs of a staging file during a PATCH; 0 (the default): none, the kernel writes
     * dirty pages back on its own and FinishUpload syncs the file before it moves it. A sync running beside the writes
     * cost a single 2 GiB PATCH 12-20% of its throughput (every 64 MiB: 560 MB/s, every 512 MiB: 620, never: 709, on
     * 2 cores); without it FinishUpload of 2 GiB takes about 0.7 s instead of 0.03 s. Set it when FinishUpload must
     * stay short for very large files on slow disks.
     */
    @WithName("flush-every")
    @WithDefault("0")
    long flushEvery();

    /** Origins allowed by CORS; {@code *} allows any (the origin is echoed). */
    @WithName("cors-origins")
    @WithDefault("*")
    List<String> corsOrigins();
}
