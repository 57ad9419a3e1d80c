package org.slidescore.scoring.domain;

import org.slidescore.events.StudyChanged;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * scoring-service's read model of one study, built from the latest {@link StudyChanged} snapshot: lookups by id and
 * by name for images, cases, questions, users and TMA cores.
 */
public final class StudyModel {
    private final StudyChanged snapshot;
    private final Map<Long, StudyChanged.Image> images = new HashMap<>();
    private final Map<Long, StudyChanged.Case> casesById = new HashMap<>();
    private final Map<String, StudyChanged.Case> casesByName = new HashMap<>();
    private final boolean groupingCases;
    private final Map<Long, Question> questionsById = new HashMap<>();
    private final Map<String, Question> questionsByName = new HashMap<>();
    private final Map<String, StudyChanged.User> users = new HashMap<>();
    private final Map<String, Map<Long, Core>> coresByMapAndPosition = new HashMap<>();
    private final Map<Long, Core> coresById = new HashMap<>();
    private final boolean hasTma;

    /** A question with its parsed type ({@code null} when study-service sent a type this service does not know). */
    public record Question(long id, String name, QuestionType type, String typeName, String config, int order) {
        public String colour() {
            return QuestionConfig.colour(config);
        }
    }

    /** A TMA core with the name of its map. */
    public record Core(long id, String map, int row, int col, String sampleId) {
    }

    public StudyModel(StudyChanged s) {
        this.snapshot = s;
        for (StudyChanged.Image i : nn(s.images())) {
            images.put(i.id(), i);
        }
        for (StudyChanged.Case c : nn(s.cases())) {
            casesById.put(c.id(), c);
            casesByName.putIfAbsent(c.name(), c);
        }
        Map<Long, List<StudyChanged.Image>> imagesByCase = new HashMap<>();
        for (StudyChanged.Image i : nn(s.images())) {
            if (i.caseId() != null) {
                imagesByCase.computeIfAbsent(i.caseId(), k -> new ArrayList<>()).add(i);
            }
        }
        boolean grouping = false;
        for (StudyChanged.Case c : casesById.values()) {
            List<StudyChanged.Image> in = imagesByCase.getOrDefault(c.id(), List.of());
            if (!(in.size() == 1 && in.get(0).name().equals(c.name()))) {
                grouping = true;
                break;
            }
        }
        this.groupingCases = grouping;
        for (StudyChanged.Question q : nn(s.questions())) {
            Question question = new Question(q.id(), q.name(), QuestionType.byName(q.type()), q.type(), q.config(),
                    q.order());
            questionsById.put(q.id(), question);
            questionsByName.putIfAbsent(q.name(), question);
        }
        for (StudyChanged.User u : nn(s.users())) {
            users.put(u.email().trim().toLowerCase(Locale.ROOT), u);
        }
        boolean tma = false;
        for (StudyChanged.TmaMap m : nn(s.tmaMaps())) {
            Map<Long, Core> byPos = coresByMapAndPosition.computeIfAbsent(m.name(), k -> new HashMap<>());
            for (StudyChanged.TmaCore c : nn(m.cores())) {
                Core core = new Core(c.id(), m.name(), c.row(), c.col(), c.sampleId());
                byPos.put(position(c.row(), c.col()), core);
                coresById.put(c.id(), core);
            }
        }
        for (StudyChanged.Image i : images.values()) {
            if (i.tmaMap() != null && !i.tmaMap().isBlank()) {
                tma = true;
                break;
            }
        }
        this.hasTma = tma;
    }

    private static <T> List<T> nn(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static long position(int row, int col) {
        return ((long) row << 32) | (col & 0xffffffffL);
    }

    public long id() {
        return snapshot.studyId();
    }

    public String name() {
        return snapshot.name();
    }

    public String ownerTokenId() {
        return snapshot.ownerTokenId();
    }

    public long revision() {
        return snapshot.revision();
    }

    public StudyChanged snapshot() {
        return snapshot;
    }

    public StudyChanged.Image image(long id) {
        return images.get(id);
    }

    public StudyChanged.Case caseById(Long id) {
        return id == null ? null : casesById.get(id);
    }

    public StudyChanged.Case caseByName(String name) {
        return casesByName.get(name);
    }

    /**
     * Whether the study groups slides into cases. study-service gives every new slide a case named like it; a study
     * whose cases are all such one-slide cases counts as one without cases, so Scores leaves {@code caseName} out (the
     * SDK's results round trip compares rows without a case) and the TSV has no {@code CaseName} column.
     */
    public boolean hasCases() {
        return groupingCases;
    }

    public boolean hasTma() {
        return hasTma;
    }

    public Question question(long id) {
        return questionsById.get(id);
    }

    public Question question(String name) {
        return questionsByName.get(name);
    }

    public List<Question> questions() {
        List<Question> list = new ArrayList<>(questionsById.values());
        list.sort((a, b) -> a.order() != b.order() ? Integer.compare(a.order(), b.order()) : Long.compare(a.id(), b.id()));
        return Collections.unmodifiableList(list);
    }

    public boolean hasUser(String email) {
        return email != null && users.containsKey(email.trim().toLowerCase(Locale.ROOT));
    }

    /** The core of an image at (row, col) of its TMA map, or {@code null}. */
    public Core core(StudyChanged.Image image, int row, int col) {
        if (image.tmaMap() == null) {
            return null;
        }
        Map<Long, Core> byPos = coresByMapAndPosition.get(image.tmaMap());
        return byPos == null ? null : byPos.get(position(row, col));
    }

    public Core core(Long id) {
        return id == null ? null : coresById.get(id);
    }
}
