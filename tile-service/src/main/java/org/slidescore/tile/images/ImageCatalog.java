package org.slidescore.tile.images;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.events.StudyChanged;

import java.time.Duration;
import java.util.Optional;

/**
 * Image id → study and file, from the projection of {@code study-changed} snapshots, with a short in-memory cache
 * for the tile hot path and read-through to study-service for ids the projection does not know yet.
 */
@ApplicationScoped
public class ImageCatalog {
    private final StudyServiceClient studies;
    private final Cache<Long, ImageRef> cache = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(30)).build();

    public ImageCatalog(StudyServiceClient studies) {
        this.studies = studies;
    }

    /** The image, asking study-service when it is unknown here. */
    public Uni<Optional<ImageRef>> find(long imageId) {
        ImageRef hit = cache.getIfPresent(imageId);
        if (hit != null) {
            return Uni.createFrom().item(Optional.of(hit));
        }
        return fromDatabase(imageId).chain(found -> found.isPresent() ? Uni.createFrom().item(found)
                : studies.studyOfImage(imageId).chain(s -> s.isEmpty() ? Uni.createFrom().item(Optional.<ImageRef>empty())
                        : Panache.withTransaction(() -> apply(s.get())).chain(() -> fromDatabase(imageId))));
    }

    /** The image when it belongs to {@code studyId}, reading the study through when unknown. */
    public Uni<Optional<ImageRef>> find(long imageId, long studyId) {
        return find(imageId).chain(found -> {
            if (found.isPresent()) {
                return Uni.createFrom().item(found.filter(i -> i.studyId() == studyId));
            }
            return studies.study(studyId).chain(s -> s.isEmpty() ? Uni.createFrom().item(Optional.<ImageRef>empty())
                    : Panache.withTransaction(() -> apply(s.get())).chain(() -> fromDatabase(imageId))
                    .map(o -> o.filter(i -> i.studyId() == studyId)));
        });
    }

    private Uni<Optional<ImageRef>> fromDatabase(long imageId) {
        return Panache.withSession(() -> ProjectedImage.<ProjectedImage>findById(imageId)
                .chain(img -> img == null ? Uni.createFrom().item(Optional.<ImageRef>empty())
                        : ProjectedStudy.<ProjectedStudy>findById(img.studyId).map(st -> {
                            ImageRef ref = new ImageRef(img.imageId, img.studyId, st == null ? "" : st.name, img.name,
                                    img.path, img.fileSize);
                            cache.put(imageId, ref);
                            return Optional.of(ref);
                        })));
    }

    /**
     * Replaces the projection of one study with a newer snapshot (older or equal revisions are ignored). Runs in
     * the caller's transaction.
     */
    public Uni<Void> apply(StudyChanged s) {
        return ProjectedStudy.<ProjectedStudy>findById(s.studyId()).chain(existing -> {
            if (existing != null && existing.revision >= s.revision()) {
                Log.debugf("study %d revision %d already projected (have %d)", s.studyId(), s.revision(), existing.revision);
                return Uni.createFrom().voidItem();
            }
            Uni<Void> study;
            if (existing == null) {
                ProjectedStudy p = new ProjectedStudy();
                p.studyId = s.studyId();
                p.name = s.name();
                p.revision = s.revision();
                study = p.persist().replaceWithVoid();
            } else {
                existing.name = s.name();
                existing.revision = s.revision();
                study = Uni.createFrom().voidItem();
            }
            return study.chain(() -> ProjectedImage.delete("studyId", s.studyId()))
                    .call(() -> Panache.getSession().chain(session -> session.flush()))
                    .chain(() -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (StudyChanged.Image i : s.images() == null ? java.util.List.<StudyChanged.Image>of() : s.images()) {
                            ProjectedImage pi = new ProjectedImage();
                            pi.imageId = i.id();
                            pi.studyId = s.studyId();
                            pi.name = i.name() == null ? "" : i.name();
                            pi.path = i.path() == null ? "" : i.path();
                            pi.fileSize = i.fileSize();
                            cache.invalidate(i.id());
                            // an image moved from another study: replace its row
                            chain = chain.chain(() -> ProjectedImage.delete("imageId", pi.imageId))
                                    .chain(() -> pi.persist()).replaceWithVoid();
                        }
                        return chain;
                    })
                    .invoke(() -> {
                        cache.asMap().values().removeIf(r -> r.studyId() == s.studyId());
                        Log.infof("projected study %d '%s' revision %d with %d images", s.studyId(), s.name(),
                                s.revision(), s.images() == null ? 0 : s.images().size());
                    });
        });
    }
}
