package org.slidescore.tile.images;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image id → study and file, from the projection of {@code study-changed} snapshots, with a short in-memory cache
 * for the tile hot path and read-through to study-service for ids the projection does not know yet.
 */
@ApplicationScoped
public class ImageCatalog {
    private static final String DELETE_IMAGES = "DELETE FROM projected_image WHERE study_id = :study";
    private static final String INSERT_IMAGES = """
            INSERT INTO projected_image (image_id, study_id, name, path, file_size)
            SELECT r.id, :study, r.name, r.path, r."fileSize"
            FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(id bigint, name text, path text, "fileSize" bigint)
            ON CONFLICT (image_id) DO UPDATE SET study_id = EXCLUDED.study_id, name = EXCLUDED.name,
                path = EXCLUDED.path, file_size = EXCLUDED.file_size""";

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
            List<StudyChanged.Image> images = s.images() == null ? List.of() : s.images();
            // two statements whatever the study's size (a study may have 100,000 slides); an image that moved here
            // from another study takes over its row
            String rows = EventJson.write(images.stream().map(i -> Map.of("id", i.id(),
                    "name", i.name() == null ? "" : i.name(), "path", i.path() == null ? "" : i.path(),
                    "fileSize", i.fileSize())).toList());
            return study.call(() -> Panache.getSession().chain(session -> session.flush()))
                    .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(DELETE_IMAGES)
                            .setParameter("study", s.studyId()).executeUpdate()
                            .chain(() -> images.isEmpty() ? Uni.createFrom().item(0)
                                    : session.createNativeQuery(INSERT_IMAGES)
                                    .setParameter("study", s.studyId())
                                    .setParameter("rows", rows)
                                    .executeUpdate())))
                    .invoke(() -> {
                        images.forEach(i -> cache.invalidate(i.id()));
                        cache.asMap().values().removeIf(r -> r.studyId() == s.studyId());
                        Log.infof("projected study %d '%s' revision %d with %d images", s.studyId(), s.name(),
                                s.revision(), images.size());
                    })
                    .replaceWithVoid();
        });
    }
}
