package org.slidescore.notification.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.slidescore.events.StudyChanged;
import org.slidescore.notification.client.StudyClient;
import org.slidescore.notification.domain.KnownStudy;
import org.slidescore.notification.domain.RecipientList;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Which studies exist and who their users are: the projection of study-changed events, with read-through to
 * study-service for a study the projection does not know yet (a client may send mail right after a Reimport).
 */
@ApplicationScoped
public class StudyDirectory {

    /** What SendEmail needs to know about a study. */
    public record StudyView(long id, String name, Set<String> users) {
        public boolean hasUser(String address) {
            return users.contains(RecipientList.normalized(address));
        }
    }

    private final StudyClient studyClient;

    public StudyDirectory(StudyClient studyClient) {
        this.studyClient = studyClient;
    }

    /** From the projection, else from study-service (and then cached); empty when neither knows the id. */
    public Uni<Optional<StudyView>> find(long studyId) {
        return Panache.withSession(() -> load(studyId))
                .flatMap(known -> known.isPresent() ? Uni.createFrom().item(known) : readThrough(studyId));
    }

    /** Asks study-service for the current snapshot and stores it; empty when study-service does not know the id. */
    public Uni<Optional<StudyView>> readThrough(long studyId) {
        // the web client may answer on another event loop; Hibernate Reactive must go on where the session lives
        Context context = Vertx.currentContext();
        Executor back = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return studyClient.find(studyId).emitOn(back).flatMap(snapshot -> {
            if (snapshot.isEmpty()) {
                return Uni.createFrom().item(Optional.<StudyView>empty());
            }
            Log.debugf("study %d read through from study-service (revision %d)", studyId, snapshot.get().revision());
            return Panache.withTransaction(() -> apply(snapshot.get()))
                    .replaceWith(Optional.of(view(snapshot.get())));
        });
    }

    /**
     * Stores a snapshot unless the projection already holds the same or a newer revision. Joins the caller's
     * transaction when there is one.
     */
    public Uni<Void> apply(StudyChanged study) {
        Map<String, Set<String>> users = usersOf(study);
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO known_study (study_id, name, revision, updated_at) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (study_id) DO UPDATE
                          SET name = excluded.name, revision = excluded.revision, updated_at = excluded.updated_at
                          WHERE known_study.revision < excluded.revision""")
                .setParameter(1, study.studyId())
                .setParameter(2, study.name() == null ? "" : study.name())
                .setParameter(3, study.revision())
                .setParameter(4, Instant.now())
                .executeUpdate()
                .flatMap(changed -> changed == 0
                        ? Uni.createFrom().voidItem()
                        : replaceMembers(session, study.studyId(), users))));
    }

    /** A deleted study (tombstone on the compacted topic). */
    public Uni<Void> forget(long studyId) {
        return Panache.withTransaction(() -> KnownStudy.delete("studyId", studyId)).replaceWithVoid();
    }

    private Uni<Void> replaceMembers(Mutiny.Session session, long studyId, Map<String, Set<String>> users) {
        Uni<Integer> delete = session.createNativeQuery("DELETE FROM study_member WHERE study_id = ?1")
                .setParameter(1, studyId).executeUpdate();
        if (users.isEmpty()) {
            return delete.replaceWithVoid();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO study_member (study_id, email, rights) VALUES ");
        int i = 1;
        for (int n = 0; n < users.size(); n++) {
            sql.append(n == 0 ? "" : ", ").append("(?").append(i++).append(", ?").append(i++).append(", ?")
                    .append(i++).append(')');
        }
        return delete.flatMap(ignored -> {
            var insert = session.createNativeQuery(sql.toString());
            int p = 1;
            for (var user : users.entrySet()) {
                insert.setParameter(p++, studyId);
                insert.setParameter(p++, user.getKey());
                insert.setParameter(p++, String.join(",", user.getValue()));
            }
            return insert.executeUpdate();
        }).replaceWithVoid();
    }

    private Uni<Optional<StudyView>> load(long studyId) {
        return KnownStudy.<KnownStudy>findById(studyId).flatMap(study -> {
            if (study == null) {
                return Uni.createFrom().item(Optional.<StudyView>empty());
            }
            return Panache.getSession().flatMap(session -> session
                            .createNativeQuery("SELECT email FROM study_member WHERE study_id = ?1", String.class)
                            .setParameter(1, studyId).getResultList())
                    .map(emails -> Optional.of(new StudyView(study.studyId, study.name, Set.copyOf(emails))));
        });
    }

    static StudyView view(StudyChanged study) {
        return new StudyView(study.studyId(), study.name() == null ? "" : study.name(), usersOf(study).keySet());
    }

    /** Lower-case address → rights; the same address twice (in other case) gets the union of its rights. */
    static Map<String, Set<String>> usersOf(StudyChanged study) {
        List<StudyChanged.User> users = study.users() == null ? List.of() : study.users();
        return users.stream()
                .filter(u -> u.email() != null && !u.email().isBlank())
                .collect(Collectors.toMap(u -> RecipientList.normalized(u.email()),
                        u -> new TreeSet<>(u.rights() == null ? List.of() : u.rights()),
                        (a, b) -> {
                            a.addAll(b);
                            return a;
                        }, TreeMap::new));
    }
}
