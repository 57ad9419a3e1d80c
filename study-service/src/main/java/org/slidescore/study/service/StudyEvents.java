package org.slidescore.study.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.outbox.Outbox;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.StudyChanged;
import org.slidescore.events.Topics;
import org.slidescore.study.domain.Study;

import java.util.Map;

/** Publishes a study's new snapshot through the outbox, in the caller's transaction, after bumping its revision. */
@ApplicationScoped
public class StudyEvents {
    public static final String PRODUCER = "study-service";

    private final Outbox outbox;
    private final SnapshotService snapshots;

    public StudyEvents(Outbox outbox, SnapshotService snapshots) {
        this.outbox = outbox;
        this.snapshots = snapshots;
    }

    /** Increments the study's revision, flushes, and writes the {@code StudyChanged} snapshot into the outbox. */
    public Uni<Void> changed(Study study) {
        study.revision++;
        return Panache.flush().chain(() -> snapshots.snapshot(study)).chain(snapshot -> publish(study, snapshot));
    }

    /**
     * The same with a snapshot built by the caller from the rows it holds (Reimport has the whole study in memory;
     * querying it back would cost more than the import itself). Called after the revision is incremented.
     */
    public Uni<Void> changed(Study study, java.util.function.Supplier<StudyChanged> snapshot) {
        study.revision++;
        return Panache.flush().chain(() -> publish(study, snapshot.get()));
    }

    private Uni<Void> publish(Study study, StudyChanged snapshot) {
        return outbox.publish(Topics.STUDY_CHANGED, String.valueOf(study.id),
                EventEnvelope.of(PRODUCER, Map.of("studyId", String.valueOf(study.id)), snapshot));
    }
}
