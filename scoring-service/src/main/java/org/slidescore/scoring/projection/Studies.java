package org.slidescore.scoring.projection;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.wire.WireException;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;
import org.slidescore.scoring.client.StudyServiceClient;
import org.slidescore.scoring.domain.StudyModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds studies in the projection. A study id the projection does not know yet (the event may lag behind a
 * Reimport the client just made) is asked from study-service and stored (read-through).
 */
@ApplicationScoped
public class Studies {
    private final Pool pool;
    private final StudyServiceClient studyService;
    private final StudyProjection projection;
    /** Parsed snapshots by study id; an entry is used only while its revision is the stored one. */
    private final Map<Long, StudyModel> parsed = new ConcurrentHashMap<>();

    public Studies(Pool pool, StudyServiceClient studyService, StudyProjection projection) {
        this.pool = pool;
        this.studyService = studyService;
        this.projection = projection;
    }

    /** The study, read through to study-service when unknown; a {@link WireException} when there is none. */
    public Uni<StudyModel> get(long studyId) {
        return stored(studyId).chain(found -> found != null ? Uni.createFrom().item(found) : readThrough(studyId));
    }

    /**
     * The study an image belongs to; a {@link WireException} when the image is unknown. An image the projection does
     * not hold (its study's event may lag behind a Reimport the client just made) is looked up at study-service and
     * its study read through.
     */
    public Uni<StudyModel> byImage(long imageId) {
        return pool.preparedQuery("SELECT study_id FROM study_image WHERE image_id = $1").execute(Tuple.of(imageId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return imageReadThrough(imageId);
                    }
                    return get(rows.iterator().next().getLong(0));
                });
    }

    private Uni<StudyModel> imageReadThrough(long imageId) {
        return studyService.studyOfImage(imageId)
                .onFailure().transform(e -> {
                    Log.warnf("read-through of image %d failed: %s", imageId, e.getMessage());
                    return new WireException("Image " + imageId + " is not available right now, try again");
                })
                .chain(studyId -> {
                    if (studyId.isEmpty()) {
                        return Uni.createFrom().failure(new WireException("Image " + imageId + " not found"));
                    }
                    Log.infof("read-through: image %d is in study %d", imageId, studyId.get());
                    return readThrough(studyId.get());
                })
                .invoke(study -> {
                    if (study.image(imageId) == null) {
                        throw new WireException("Image " + imageId + " not found");
                    }
                });
    }

    /** Every stored study's id, name and owner (for GetStudiesUpdated). */
    public Uni<List<StudyHeader>> headers(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT study_id, name, owner_token_id FROM study_snapshot WHERE study_id = ANY($1) ORDER BY study_id")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    List<StudyHeader> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StudyHeader(r.getLong(0), r.getString(1), r.getString(2)));
                    }
                    return out;
                });
    }

    public record StudyHeader(long id, String name, String ownerTokenId) {
    }

    private Uni<StudyModel> stored(long studyId) {
        return pool.preparedQuery("SELECT revision, snapshot FROM study_snapshot WHERE study_id = $1")
                .execute(Tuple.of(studyId))
                .map(this::toModel);
    }

    private StudyModel toModel(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        long revision = r.getLong(0);
        String json = r.getString(1);
        StudyChanged s = EventJson.read(json, StudyChanged.class);
        StudyModel cached = parsed.get(s.studyId());
        if (cached != null && cached.revision() == revision) {
            return cached;
        }
        StudyModel model = new StudyModel(s);
        parsed.put(s.studyId(), model);
        return model;
    }

    /** Asks study-service for the study now and stores what it answers. */
    public Uni<StudyModel> readThrough(long studyId) {
        return studyService.study(studyId)
                .onFailure().transform(e -> {
                    Log.warnf("read-through of study %d failed: %s", studyId, e.getMessage());
                    return new WireException("Study " + studyId + " is not available right now, try again");
                })
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().failure(new WireException("Study " + studyId + " not found"));
                    }
                    Log.infof("read-through: study %d revision %d from study-service", studyId, found.get().revision());
                    return projection.applyInNewTransaction(found.get())
                            .chain(() -> stored(studyId))
                            .map(m -> m != null ? m : new StudyModel(found.get()));
                });
    }
}
