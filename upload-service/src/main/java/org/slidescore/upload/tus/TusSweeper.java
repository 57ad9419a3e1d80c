package org.slidescore.upload.tus;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.upload.config.UploadConfig;
import org.slidescore.upload.domain.ImagesRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expiration: marks abandoned uploads expired (they answer 410) and deletes their bytes, forgets old tombstones and
 * expired upload tokens, removes staging files no upload owns any more, and forgets the sha256 digests of uploads
 * that are no longer active.
 */
@ApplicationScoped
public class TusSweeper {
    private final TusUploadStore store;
    private final ImagesRoot images;
    private final UploadConfig config;
    private final Vertx vertx;
    private final UploadDigests digests;

    public TusSweeper(TusUploadStore store, ImagesRoot images, UploadConfig config, Vertx vertx,
                      UploadDigests digests) {
        this.store = store;
        this.images = images;
        this.config = config;
        this.vertx = vertx;
        this.digests = digests;
    }

    @Scheduled(every = "${slidescore.upload.sweep-interval:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().onFailure().recoverWithItem(e -> {
            Log.warnf("upload sweep failed: %s", e.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** One sweep; answers how many uploads it expired. */
    public Uni<Integer> sweep() {
        return store.expireAbandoned()
                .call(ids -> vertx.executeBlocking(Uni.createFrom().item(() -> deleteStaging(ids)), false))
                .call(ids -> store.forgetOld(config.tombstoneRetention().toMillis()))
                .call(ids -> store.trackedIds().invoke(digests::retainOnly).flatMap(tracked ->
                        vertx.executeBlocking(Uni.createFrom().item(() -> deleteOrphans(tracked)), false)))
                .map(ids -> {
                    if (!ids.isEmpty()) {
                        Log.infof("expired %d abandoned uploads: %s", ids.size(), ids);
                    }
                    return ids.size();
                });
    }

    private Void deleteStaging(List<String> ids) {
        for (String id : ids) {
            try {
                Files.deleteIfExists(images.stagingFile(id));
            } catch (IOException e) {
                Log.warnf("cannot delete staging file of upload %s: %s", id, e.getMessage());
            }
        }
        return null;
    }

    /** Staging files of no active upload, older than the expiration (a crash between create and insert). */
    private Void deleteOrphans(Set<String> tracked) {
        Instant cutoff = Instant.now().minus(config.expiration());
        try (Stream<Path> files = Files.list(images.staging())) {
            files.filter(f -> !tracked.contains(f.getFileName().toString())).forEach(f -> {
                try {
                    if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                        Files.delete(f);
                    }
                } catch (IOException e) {
                    Log.warnf("cannot delete orphaned staging file %s: %s", f, e.getMessage());
                }
            });
        } catch (IOException e) {
            Log.warnf("cannot list the staging dir: %s", e.getMessage());
        }
        return null;
    }
}
