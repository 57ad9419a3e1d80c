package org.slidescore.study.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.WireException;
import org.slidescore.study.config.ConfigProblem;
import org.slidescore.study.config.ImagesRoot;
import org.slidescore.study.config.ParseLog;
import org.slidescore.study.config.QuestionSpec;
import org.slidescore.study.config.ScoresFile;
import org.slidescore.study.config.StudyFiles;
import org.slidescore.study.config.TmaMapFile;
import org.slidescore.study.config.TmaMapSpec;
import org.slidescore.study.domain.Image;
import org.slidescore.study.domain.Question;
import org.slidescore.study.domain.SlideInspection;
import org.slidescore.study.domain.Study;
import org.slidescore.study.domain.StudyCase;
import org.slidescore.study.domain.TmaCore;
import org.slidescore.study.domain.TmaMap;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The study calls: reads need read access to the study ({@code CanReadOnlyStudies}); changes need modify access
 * ({@code CanModifyOnlyStudies}) and the right {@code CanReimportStudies} (the right to configure studies; the seed's
 * exact right per call was not available, see the service README). Every change bumps the study's revision and
 * publishes its snapshot in the same transaction.
 */
@ApplicationScoped
public class StudyService {
    /** The right that allows changing a study's configuration through the API. */
    public static final Right CONFIGURE = Right.CanReimportStudies;

    private final ImportService imports;
    private final StudyEvents events;
    private final TileInspector inspector;
    private final Vertx vertx;

    public StudyService(ImportService imports, StudyEvents events, TileInspector inspector, Vertx vertx) {
        this.imports = imports;
        this.events = events;
        this.inspector = inspector;
        this.vertx = vertx;
    }

    private ImagesRoot root() {
        return imports.root();
    }

    // ---- access -------------------------------------------------------------------------------------------------

    public Uni<List<Study>> readableStudies(ApiToken token) {
        return Panache.withSession(() -> Study.<Study>listAll(Sort.by("id")))
                .map(all -> all.stream().filter(s -> token.canRead(s.id, s.name)).toList());
    }

    /** The study, when it exists and the token may read it (call inside a session). */
    Uni<Study> readable(long studyId, ApiToken token) {
        return Study.<Study>findById(studyId).map(s -> {
            if (s == null) {
                throw new WireException("Study " + studyId + " does not exist");
            }
            token.requireCanRead(s.id, s.name);
            return s;
        });
    }

    /** The study locked for the change, when the token may configure it (call inside a transaction). */
    Uni<Study> modifiable(long studyId, ApiToken token) {
        token.requireRight(CONFIGURE);
        return Study.<Study>findById(studyId, LockModeType.PESSIMISTIC_WRITE).map(s -> {
            if (s == null) {
                throw new WireException("Study " + studyId + " does not exist");
            }
            token.requireCanModify(s.id, s.name);
            return s;
        });
    }

    public Uni<Study> readStudy(long studyId, ApiToken token) {
        return Panache.withSession(() -> readable(studyId, token));
    }

    /** The image and its study, when the token may read the study. */
    public record ImageInStudy(Image image, Study study) {
    }

    private Uni<Image> image(long imageId) {
        return Image.<Image>findById(imageId).map(i -> {
            if (i == null) {
                throw new WireException("Image " + imageId + " does not exist");
            }
            return i;
        });
    }

    public Uni<ImageInStudy> readImage(long imageId, ApiToken token) {
        return Panache.withSession(() -> image(imageId).chain(i -> readable(i.studyId, token)
                .map(s -> new ImageInStudy(i, s))));
    }

    public Uni<StudyCase> readCase(long caseId, ApiToken token) {
        return Panache.withSession(() -> StudyCase.<StudyCase>findById(caseId).chain(c -> {
            if (c == null) {
                throw new WireException("Case " + caseId + " does not exist");
            }
            return readable(c.studyId, token).map(s -> c);
        }));
    }

    public Uni<List<Image>> images(long studyId, ApiToken token) {
        return Panache.withSession(() -> readable(studyId, token)
                .chain(s -> Image.<Image>list("studyId", Sort.by("id"), s.id)));
    }

    public Uni<List<StudyCase>> cases(long studyId, ApiToken token) {
        return Panache.withSession(() -> readable(studyId, token)
                .chain(s -> StudyCase.<StudyCase>list("studyId", Sort.by("id"), s.id)));
    }

    public Uni<List<Question>> questions(long studyId, ApiToken token) {
        return Panache.withSession(() -> readable(studyId, token)
                .chain(s -> Question.<Question>list("studyId", Sort.by("sortOrder").and("id"), s.id)));
    }

    // ---- slides -------------------------------------------------------------------------------------------------

    /** AddSlide: the slide's image id (the existing one when the study already has this file). */
    public Uni<Long> addSlide(long studyId, String path, ApiToken token) {
        ImagesRoot.Resolved file = resolveSlide(path);
        return checkReadable(file).chain(() -> Panache.withTransaction(() -> modifiable(studyId, token)
                .chain(study -> Image.<Image>find("studyId = ?1 and path = ?2", study.id, file.relative())
                        .firstResult().chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().item(existing.id);
                            }
                            String name = StudyFiles.imageName(file.relative());
                            return StudyCase.<StudyCase>find("studyId = ?1 and name = ?2", study.id, name)
                                    .firstResult().chain(c -> {
                                        if (c != null) {
                                            return Uni.createFrom().item(c);
                                        }
                                        StudyCase nc = new StudyCase();
                                        nc.studyId = study.id;
                                        nc.name = name;
                                        return nc.<StudyCase>persist();
                                    }).chain(c -> {
                                        Image img = new Image();
                                        img.studyId = study.id;
                                        img.name = name;
                                        img.path = file.relative();
                                        img.fileSize = size(file);
                                        img.caseId = c.id;
                                        return img.<Image>persist();
                                    }).chain(img -> events.changed(study).map(v -> img.id));
                        }))));
    }

    public Uni<Void> updateSlidePath(long imageId, String newPath, ApiToken token) {
        ImagesRoot.Resolved file = resolveSlide(newPath);
        return checkReadable(file).chain(() -> Panache.withTransaction(() -> image(imageId)
                .chain(img -> modifiable(img.studyId, token).chain(study -> {
                    if (img.path.equals(file.relative())) {
                        return Uni.createFrom().voidItem();
                    }
                    return Image.count("studyId = ?1 and path = ?2", study.id, file.relative()).chain(n -> {
                        if (n > 0) {
                            throw new WireException("Study " + study.name + " already has a slide at "
                                    + file.relative());
                        }
                        img.path = file.relative();
                        img.fileSize = size(file);
                        return events.changed(study);
                    });
                }))));
    }

    public Uni<Void> updateSlideName(long imageId, String newName, ApiToken token) {
        String name = newName == null ? "" : newName.trim();
        if (name.isEmpty() || name.length() > 255 || name.chars().anyMatch(c -> c < 0x20)) {
            return Uni.createFrom().failure(new WireException(
                    "newName must have 1 to 255 characters and no control characters"));
        }
        return Panache.withTransaction(() -> image(imageId).chain(img -> modifiable(img.studyId, token)
                .chain(study -> {
                    if (img.name.equals(name)) {
                        return Uni.createFrom().voidItem();
                    }
                    img.name = name;
                    return events.changed(study);
                })));
    }

    public Uni<Void> setSlideDescription(long imageId, Long studyId, String description, ApiToken token) {
        if (description != null && description.length() > HtmlDescription.MAX_LENGTH) {
            return Uni.createFrom().failure(new WireException("description is longer than "
                    + HtmlDescription.MAX_LENGTH + " characters"));
        }
        String clean = HtmlDescription.sanitize(description);
        return Panache.withTransaction(() -> image(imageId).chain(img -> {
            if (studyId != null && studyId != img.studyId) {
                throw new WireException("Image " + imageId + " is not in study " + studyId);
            }
            return modifiable(img.studyId, token).chain(study -> {
                if (img.description.equals(clean)) {
                    return Uni.createFrom().voidItem();
                }
                img.description = clean;
                return events.changed(study);
            });
        }));
    }

    public Uni<Void> setSlideTmaMap(long studyId, long imageId, String mapName, ApiToken token) {
        String name = mapName == null || mapName.isBlank() ? null : mapName.trim();
        return Panache.withTransaction(() -> modifiable(studyId, token).chain(study -> image(imageId).chain(img -> {
            if (img.studyId != study.id) {
                throw new WireException("Image " + imageId + " is not in study " + studyId);
            }
            Uni<Long> exists = name == null ? Uni.createFrom().item(1L)
                    : TmaMap.count("studyId = ?1 and name = ?2", study.id, name);
            return exists.chain(n -> {
                if (n == 0) {
                    throw new WireException("Study " + study.name + " has no TMA map " + name);
                }
                if (java.util.Objects.equals(img.tmaMapName, name)) {
                    return Uni.createFrom().voidItem();
                }
                img.tmaMapName = name;
                return events.changed(study);
            });
        })));
    }

    private ImagesRoot.Resolved resolveSlide(String path) {
        if (path == null || path.isBlank()) {
            throw new WireException("Missing parameter path");
        }
        String p = path.trim().replace('\\', '/');
        // GetSlidePath-style answers may carry the root's own folder name; the SDK strips "images/" itself
        ImagesRoot.Resolved file;
        try {
            file = root().resolve(p);
        } catch (ImagesRoot.OutsideRootException e) {
            throw new WireException("Path " + e.getMessage());
        }
        if (!Files.isRegularFile(file.absolute())) {
            throw new WireException("File " + file.relative() + " does not exist in the images root");
        }
        return file;
    }

    /** Fails when the tile service is known (or now says) it cannot read the slide. */
    private Uni<Void> checkReadable(ImagesRoot.Resolved file) {
        return Panache.withSession(() -> SlideInspection.<SlideInspection>findById(file.relative()))
                .chain(known -> known != null ? Uni.createFrom().item(Optional.of(known.readable ? ""
                        : known.error == null ? "unknown error" : known.error))
                        : inspector.inspect(file.relative()).map(r -> r.map(si -> si.readable() ? ""
                        : si.error() == null ? "unknown error" : si.error())))
                .map(problem -> {
                    if (problem.isPresent() && !problem.get().isEmpty()) {
                        throw new WireException("The slide " + file.relative() + " cannot be read: "
                                + problem.get());
                    }
                    return null;
                });
    }

    private static long size(ImagesRoot.Resolved file) {
        try {
            return Files.size(file.absolute());
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    // ---- questions ----------------------------------------------------------------------------------------------

    private static QuestionSpec parseSpec(String questionSpec) {
        if (questionSpec == null || questionSpec.isBlank()) {
            throw new WireException("Missing parameter questionSpec");
        }
        if (questionSpec.contains("\n") || questionSpec.contains("\r")) {
            throw new WireException("questionSpec must be one line: name, TAB or ';', type, TAB or ';', configuration");
        }
        ParseLog log = new ParseLog();
        QuestionSpec q = ScoresFile.parseLine("questionSpec", 1, questionSpec, log);
        if (q == null) {
            throw new WireException(log.errors().stream().map(ConfigProblem::message).findFirst()
                    .orElse("questionSpec is not valid"));
        }
        return q;
    }

    public Uni<Long> addQuestion(long studyId, String questionSpec, ApiToken token) {
        QuestionSpec spec = parseSpec(questionSpec);
        return Panache.withTransaction(() -> modifiable(studyId, token)
                .chain(study -> Question.<Question>list("studyId", study.id).chain(existing -> {
                    for (Question q : existing) {
                        if (q.name.equalsIgnoreCase(spec.name())) {
                            throw new WireException("Study " + study.name + " already has a question named '"
                                    + q.name + "' (id " + q.id + ")");
                        }
                    }
                    return append(study, existing, spec);
                })));
    }

    /** Adds {@code spec} after the study's last question and publishes the study; answers the new id. */
    private Uni<Long> append(Study study, List<Question> existing, QuestionSpec spec) {
        Question q = new Question();
        q.studyId = study.id;
        q.name = spec.name();
        q.type = spec.type().name();
        q.config = spec.config();
        q.sortOrder = existing.stream().mapToInt(e -> e.sortOrder).max().orElse(0) + 1;
        return q.<Question>persist().chain(saved -> events.changed(study).map(v -> saved.id));
    }

    /** What {@link #addAnnotationQuestion} did: the question's id, and whether it was created now. */
    public record AddedQuestion(long id, boolean created) {
    }

    /** No study with the id (the internal endpoint answers 404). */
    public static final class NoSuchStudyException extends WireException {
        public NoSuchStudyException(long studyId) {
            super("Study " + studyId + " does not exist");
        }
    }

    /** A different question already has the name (the internal endpoint answers 409). */
    public static final class QuestionNameTakenException extends WireException {
        public QuestionNameTakenException(String message) {
            super(message);
        }
    }

    /**
     * An annotation question (AnnoPoints, AnnoMeasure, AnnoShapes) added for a caller that imports annotations
     * (scoring-service's UploadASAPAnnotations, for colours without a question): needs {@code CanUploadScores} and
     * modify access to the study, the rights that import needs, not {@code CanReimportStudies}, which AddQuestion
     * needs. Repeating the call with the same name, type and configuration answers the existing question (a retry
     * creates nothing twice); the same name with another type or configuration is refused.
     */
    public Uni<AddedQuestion> addAnnotationQuestion(long studyId, String name, String type, String config,
                                                    ApiToken token) {
        token.requireRight(Right.CanUploadScores);
        if (name == null || name.isBlank() || type == null || type.isBlank()) {
            throw new WireException("name and type are required");
        }
        if (name.contains("\t") || name.contains("\n") || name.contains("\r")
                || (config != null && (config.contains("\t") || config.contains("\n") || config.contains("\r")))) {
            throw new WireException("name and config must not contain TAB or line breaks");
        }
        QuestionSpec spec = parseSpec(name.trim() + "\t" + type.trim()
                + (config == null || config.isBlank() ? "" : "\t" + config.trim()));
        if (!spec.type().isAnnotation()) {
            throw new WireException("Only annotation questions (AnnoPoints, AnnoMeasure, AnnoShapes) can be added "
                    + "this way, not " + spec.type().name());
        }
        return Panache.withTransaction(() -> Study.<Study>findById(studyId, LockModeType.PESSIMISTIC_WRITE)
                .chain(study -> {
                    if (study == null) {
                        throw new NoSuchStudyException(studyId);
                    }
                    token.requireCanModify(study.id, study.name);
                    return Question.<Question>list("studyId", study.id).chain(existing -> {
                        for (Question q : existing) {
                            if (q.name.equalsIgnoreCase(spec.name())) {
                                if (q.type.equals(spec.type().name())
                                        && java.util.Objects.equals(emptyToNull(q.config), emptyToNull(spec.config()))) {
                                    return Uni.createFrom().item(new AddedQuestion(q.id, false));
                                }
                                throw new QuestionNameTakenException("Study " + study.name
                                        + " already has a question named '" + q.name + "' (id " + q.id + ", "
                                        + q.type + (q.config == null || q.config.isEmpty() ? "" : " " + q.config) + ")");
                            }
                        }
                        return append(study, existing, spec).map(id -> new AddedQuestion(id, true));
                    });
                }));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public Uni<Long> updateQuestion(long studyId, long questionId, Integer order, String questionSpec,
                                    ApiToken token) {
        QuestionSpec spec = parseSpec(questionSpec);
        return Panache.withTransaction(() -> modifiable(studyId, token)
                .chain(study -> Question.<Question>list("studyId", study.id).chain(existing -> {
                    Question target = existing.stream().filter(q -> q.id == questionId).findFirst()
                            .orElseThrow(() -> new WireException("Study " + study.name + " has no question "
                                    + questionId));
                    for (Question q : existing) {
                        if (q.id != questionId && q.name.equalsIgnoreCase(spec.name())) {
                            throw new WireException("Study " + study.name + " already has a question named '"
                                    + q.name + "' (id " + q.id + ")");
                        }
                    }
                    target.name = spec.name();
                    target.type = spec.type().name();
                    target.config = spec.config();
                    if (order != null) {
                        target.sortOrder = order;
                    }
                    return events.changed(study).map(v -> target.id);
                })));
    }

    public Uni<Void> removeQuestion(long studyId, long questionId, ApiToken token) {
        return Panache.withTransaction(() -> modifiable(studyId, token)
                .chain(study -> Question.delete("id = ?1 and studyId = ?2", questionId, study.id).chain(n -> {
                    if (n == 0) {
                        throw new WireException("Study " + study.name + " has no question " + questionId);
                    }
                    return events.changed(study);
                })));
    }

    // ---- TMA maps -----------------------------------------------------------------------------------------------

    /** CreateTMAMap: reads a map file from the images root into the study; answers the map's name. */
    public Uni<String> createTmaMap(long studyId, String fileName, ApiToken token) {
        if (fileName == null || fileName.isBlank()) {
            return Uni.createFrom().failure(new WireException("Missing parameter tmaMapFileName"));
        }
        ImagesRoot.Resolved file;
        try {
            file = root().resolve(fileName.trim());
        } catch (ImagesRoot.OutsideRootException e) {
            return Uni.createFrom().failure(new WireException("tmaMapFileName " + e.getMessage()));
        }
        return Panache.withTransaction(() -> modifiable(studyId, token).chain(study -> {
            String base = file.relative().substring(file.relative().lastIndexOf('/') + 1);
            String mapName = StudyFiles.mapName(study.name, base).orElse(base);
            return vertx.executeBlocking(Uni.createFrom().item(() -> {
                ParseLog log = new ParseLog();
                String text = new ImportPlanner(root()).read(file.relative(), log);
                if (text == null && !log.hasErrors()) {
                    throw new WireException("File " + file.relative() + " does not exist in the images root");
                }
                TmaMapSpec spec = text == null ? null : TmaMapFile.parse(mapName, file.relative(), text, log);
                if (spec == null) {
                    throw new WireException(log.text().strip());
                }
                return spec;
            })).chain(spec -> TmaMap.<TmaMap>find("studyId = ?1 and name = ?2", study.id, mapName).firstResult()
                    .chain(existing -> {
                        if (existing == null) {
                            TmaMap m = new TmaMap();
                            m.studyId = study.id;
                            m.name = mapName;
                            m.header = TmaMapFiles.header(spec);
                            m.rowCount = spec.rows().size();
                            m.colCount = spec.width();
                            return m.<TmaMap>persist().chain(saved -> {
                                List<TmaCore> cores = new ArrayList<>();
                                spec.cores().forEach(c -> cores.add(ImportService.core(saved.id, c)));
                                return ImportService.persistAll(cores);
                            });
                        }
                        return TmaCore.<TmaCore>list("mapId", existing.id).chain(cores -> {
                            List<TmaCore> fresh = new ArrayList<>();
                            ImportService.updateMap(existing, spec, cores, fresh);
                            return ImportService.persistAll(fresh);
                        });
                    }))
                    .chain(() -> events.changed(study)).map(v -> mapName);
        }));
    }
}
