package org.slidescore.scoring.projection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Keeps scoring-service's copy of studies: a snapshot replaces the stored one only when its revision is newer, so
 * redelivered, reordered or read-through copies never move a study back in time.
 */
@ApplicationScoped
public class StudyProjection {
    private static final String UPSERT = """
            INSERT INTO study_snapshot (study_id, name, owner_token_id, revision, changed_at, snapshot, received_at)
            VALUES (:id, :name, :owner, :revision, :changedAt, :snapshot, now())
            ON CONFLICT (study_id) DO UPDATE SET name = EXCLUDED.name, owner_token_id = EXCLUDED.owner_token_id,
                revision = EXCLUDED.revision, changed_at = EXCLUDED.changed_at, snapshot = EXCLUDED.snapshot,
                received_at = now()
            WHERE study_snapshot.revision < EXCLUDED.revision""";
    private static final String DELETE_IMAGES = "DELETE FROM study_image WHERE study_id = :id";
    private static final String INSERT_IMAGES = """
            INSERT INTO study_image (image_id, study_id)
            SELECT r.id, :id FROM jsonb_to_recordset(CAST(CAST(:images AS text) AS jsonb)) AS r(id bigint)
            ON CONFLICT (image_id) DO UPDATE SET study_id = EXCLUDED.study_id""";

    /**
     * Stores the snapshot in the current transaction when it is newer than the stored one; {@code true} when it was
     * stored. Call inside {@code Panache.withTransaction}.
     */
    public Uni<Boolean> apply(StudyChanged s) {
        OffsetDateTime changedAt = OffsetDateTime.ofInstant(s.changedAt() == null ? java.time.Instant.EPOCH
                : s.changedAt(), ZoneOffset.UTC);
        String images = EventJson.write(s.images() == null ? List.of()
                : s.images().stream().map(i -> Map.of("id", i.id())).toList());
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter("id", s.studyId())
                .setParameter("name", s.name() == null ? "" : s.name())
                .setParameter("owner", s.ownerTokenId() == null ? "" : s.ownerTokenId())
                .setParameter("revision", s.revision())
                .setParameter("changedAt", changedAt)
                .setParameter("snapshot", EventJson.write(s))
                .executeUpdate()
                .chain(updated -> {
                    if (updated == 0) {
                        Log.debugf("study %d revision %d is not newer than the stored one; kept", s.studyId(), s.revision());
                        return Uni.createFrom().item(false);
                    }
                    return session.createNativeQuery(DELETE_IMAGES).setParameter("id", s.studyId()).executeUpdate()
                            .chain(() -> session.createNativeQuery(INSERT_IMAGES)
                                    .setParameter("id", s.studyId())
                                    .setParameter("images", images)
                                    .executeUpdate())
                            .invoke(() -> Log.infof("study %d '%s' now at revision %d (%d images)", s.studyId(), s.name(),
                                    s.revision(), s.images() == null ? 0 : s.images().size()))
                            .replaceWith(true);
                }));
    }

    /** {@link #apply} in a transaction of its own. */
    public Uni<Boolean> applyInNewTransaction(StudyChanged s) {
        return Panache.withTransaction(() -> apply(s));
    }
}
