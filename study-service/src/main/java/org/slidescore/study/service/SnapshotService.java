package org.slidescore.study.service;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.events.StudyChanged;
import org.slidescore.study.config.StudyRight;
import org.slidescore.study.domain.Image;
import org.slidescore.study.domain.Question;
import org.slidescore.study.domain.Study;
import org.slidescore.study.domain.StudyCase;
import org.slidescore.study.domain.StudyUser;
import org.slidescore.study.domain.TmaCore;
import org.slidescore.study.domain.TmaMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the full {@link StudyChanged} snapshot of a study from the database (inside the caller's session). */
@ApplicationScoped
public class SnapshotService {

    /** The snapshot, or null when there is no such study. */
    public Uni<StudyChanged> snapshot(long studyId) {
        return Study.<Study>findById(studyId).chain(study -> study == null ? Uni.createFrom().nullItem()
                : snapshot(study));
    }

    public Uni<StudyChanged> snapshot(Study study) {
        long id = study.id;
        Parts parts = new Parts();
        return Image.<Image>list("studyId", Sort.by("id"), id).invoke(l -> parts.images = l)
                .chain(() -> Question.<Question>list("studyId", Sort.by("sortOrder").and("id"), id))
                .invoke(l -> parts.questions = l)
                .chain(() -> StudyUser.<StudyUser>list("studyId", Sort.by("id"), id)).invoke(l -> parts.users = l)
                .chain(() -> StudyCase.<StudyCase>list("studyId", Sort.by("id"), id)).invoke(l -> parts.cases = l)
                .chain(() -> TmaMap.<TmaMap>list("studyId", Sort.by("id"), id)).invoke(l -> parts.maps = l)
                .chain(() -> parts.maps.isEmpty() ? Uni.createFrom().item(List.<TmaCore>of())
                        : TmaCore.<TmaCore>list("mapId in ?1", Sort.by("rowIndex").and("colIndex"),
                        parts.maps.stream().map(m -> m.id).toList()))
                .map(cores -> build(study, parts.images, parts.questions, parts.users, parts.cases, parts.maps, cores));
    }

    private static final class Parts {
        List<Image> images;
        List<Question> questions;
        List<StudyUser> users;
        List<StudyCase> cases;
        List<TmaMap> maps;
    }

    /** Absent instead of {@code ""}: thousands of empty descriptions would only make the snapshot bigger. */
    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The snapshot of rows already in memory (the import has them all), in the order the queries above give. */
    static StudyChanged build(Study study, List<Image> imageRows, List<Question> questionRows,
                              List<StudyUser> userRows, List<StudyCase> caseRows, List<TmaMap> mapRows,
                              List<TmaCore> cores) {
        Parts p = new Parts();
        p.images = imageRows.stream().sorted(Comparator.comparing((Image i) -> i.id)).toList();
        p.questions = questionRows.stream().sorted(Comparator.comparingInt((Question q) -> q.sortOrder)
                .thenComparing(q -> q.id)).toList();
        p.users = userRows.stream().sorted(Comparator.comparing((StudyUser u) -> u.id)).toList();
        p.cases = caseRows.stream().sorted(Comparator.comparing((StudyCase c) -> c.id)).toList();
        p.maps = mapRows.stream().sorted(Comparator.comparing((TmaMap m) -> m.id)).toList();
        List<StudyChanged.Image> images = p.images.stream().map(i -> new StudyChanged.Image(i.id, i.name, i.path,
                i.caseId, i.tmaMapName, i.rotation, i.fileSize, emptyToNull(i.description))).toList();
        List<StudyChanged.Question> questions = new ArrayList<>();
        for (Question q : p.questions) {
            questions.add(new StudyChanged.Question(q.id, q.name, q.type, q.config, q.sortOrder));
        }
        List<StudyChanged.User> users = p.users.stream().map(u -> new StudyChanged.User(u.email,
                u.rights().stream().map(StudyRight::word).toList())).toList();
        List<StudyChanged.Case> cases = p.cases.stream().map(c -> new StudyChanged.Case(c.id, c.name,
                emptyToNull(c.description))).toList();
        Map<Long, List<TmaCore>> byMap = cores.stream().collect(Collectors.groupingBy(c -> c.mapId));
        List<StudyChanged.TmaMap> maps = p.maps.stream().map(m -> new StudyChanged.TmaMap(m.name,
                byMap.getOrDefault(m.id, List.of()).stream()
                        .sorted(Comparator.comparingInt((TmaCore c) -> c.rowIndex).thenComparingInt(c -> c.colIndex))
                        .map(c -> new StudyChanged.TmaCore(c.id, c.rowIndex, c.colIndex, c.sampleId, c.control,
                                c.ignored)).toList())).toList();
        return new StudyChanged(study.id, study.name, study.ownerTokenId, study.revision, Instant.now(), images,
                questions, users, cases, maps);
    }
}
