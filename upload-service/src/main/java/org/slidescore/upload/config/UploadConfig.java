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

    /** Origins allowed by CORS; {@code *} allows any (the origin is echoed). */
    @WithName("cors-origins")
    @WithDefault("*")
    List<String> corsOrigins();
}
