package org.slidescore.scoring.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.WireException;
import org.slidescore.events.SlideUploaded;
import org.slidescore.events.StudyChanged;
import org.slidescore.scoring.client.UploadServiceClient;
import org.slidescore.scoring.domain.ResolvedAnswer;
import org.slidescore.scoring.domain.StudyModel;
import org.slidescore.scoring.projection.Studies;
import org.slidescore.scoring.repository.AnswerRepository;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Large annotations: CreateAnno2 / CreateOrphanAnno2 record where a zip will go and get an upload token for
 * {@code anno2/<uuid>.zip} from upload-service; when that upload finishes, the answer it was created for gets the
 * value {@code anno2:<uuid>} (so Scores lists the reference).
 */
@ApplicationScoped
public class Anno2Service {
    public static final String FOLDER = "anno2";
    public static final String VALUE_PREFIX = "anno2:";
    private static final Pattern FILE = Pattern.compile("([0-9a-fA-F-]{36})\\.zip");

    private final Studies studies;
    private final UploadServiceClient uploadService;
    private final AnswerRepository answers;
    private final ScoresSubmittedEvents events;

    public Anno2Service(Studies studies, UploadServiceClient uploadService, AnswerRepository answers,
                        ScoresSubmittedEvents events) {
        this.studies = studies;
        this.uploadService = uploadService;
        this.answers = answers;
        this.events = events;
    }

    public record Created(String uploadToken, UUID annoUUID) {
    }

    public record Target(long studyId, long imageId, Long caseId, Long tmaCoreId, Long scoreId, String question,
                         String email) {
    }

    public Uni<Created> create(ApiToken token, Target t) {
        token.requireRight(Right.CanUploadScores);
        return studies.get(t.studyId()).chain(study -> create(token, t, study, true));
    }

    /** Like UploadResults: an unknown image, question, core or user refreshes a stale snapshot once. */
    private Uni<Created> create(ApiToken token, Target t, StudyModel study, boolean mayRefresh) {
        ScoreAccess.requireCanUploadScores(token, study);
        try {
            checkTarget(t, study);
        } catch (UnknownInStudy e) {
            if (!mayRefresh) {
                throw new WireException(e.getMessage());
            }
            return studies.readThrough(study.id()).onFailure().recoverWithItem(study).chain(fresh ->
                    fresh.revision() > study.revision() ? create(token, t, fresh, false)
                            : Uni.createFrom().failure(new WireException(e.getMessage())));
        }
        return record(token, t, study);
    }

    /** Something the request names that the snapshot does not hold. */
    private static final class UnknownInStudy extends RuntimeException {
        UnknownInStudy(String message) {
            super(message, null, false, false);
        }
    }

    private static void checkTarget(Target t, StudyModel study) {
        StudyChanged.Image image = study.image(t.imageId());
        if (image == null) {
            throw new UnknownInStudy("Image " + t.imageId() + " is not in study " + study.name());
        }
        if (t.scoreId() == null && t.question() == null) {
            throw new WireException("Give scoreId or question");
        }
        StudyModel.Question q = t.scoreId() != null ? study.question(t.scoreId()) : study.question(t.question());
        if (q == null) {
            throw new UnknownInStudy("Question " + (t.scoreId() != null ? t.scoreId() : "\"" + t.question() + "\"")
                    + " is not in study " + study.name());
        }
        if (t.tmaCoreId() != null) {
            StudyModel.Core core = study.core(t.tmaCoreId());
            if (core == null || !core.map().equals(image.tmaMap())) {
                throw new UnknownInStudy("TMA core " + t.tmaCoreId() + " is not on image " + t.imageId());
            }
        }
        if (!study.hasUser(t.email())) {
            throw new UnknownInStudy("User " + t.email() + " is not a user of study " + study.name());
        }
    }

    private Uni<Created> record(ApiToken token, Target t, StudyModel study) {
        StudyChanged.Image image = study.image(t.imageId());
        if (t.caseId() != null && !t.caseId().equals(image.caseId())) {
            throw new WireException("Image " + t.imageId() + " is not in case " + t.caseId());
        }
        StudyModel.Question q = t.scoreId() != null ? study.question(t.scoreId()) : study.question(t.question());
        if (q.type() == null || !q.type().isAnnotation()) {
            throw new WireException("Question \"" + q.name() + "\" is not an annotation question");
        }
        long core = t.tmaCoreId() == null ? 0L : t.tmaCoreId();
        return issue(token, uuid -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO anno2 (uuid, study_id, image_id, tma_core_id, question_id, user_email, token_id, file_path)
                VALUES (:uuid, :study, :image, :core, :question, :email, :token, :path)""")
                .setParameter("uuid", uuid)
                .setParameter("study", study.id())
                .setParameter("image", image.id())
                .setParameter("core", core)
                .setParameter("question", q.id())
                .setParameter("email", t.email().trim())
                .setParameter("token", token.id())
                .setParameter("path", FOLDER + "/" + uuid + ".zip")
                .executeUpdate())));
    }

    /** An anno2 record tied to nothing (webhook results refer to it by uuid). */
    public Uni<Created> createOrphan(ApiToken token) {
        token.requireRight(Right.CanUploadScores);
        return issue(token, uuid -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO anno2 (uuid, token_id, file_path) VALUES (:uuid, :token, :path)")
                .setParameter("uuid", uuid)
                .setParameter("token", token.id())
                .setParameter("path", FOLDER + "/" + uuid + ".zip")
                .executeUpdate())));
    }

    private Uni<Created> issue(ApiToken token, java.util.function.Function<UUID, Uni<Integer>> record) {
        UUID uuid = UUID.randomUUID();
        return uploadService.uploadToken(FOLDER, uuid + ".zip", token.id())
                .onFailure().transform(e -> {
                    Log.warnf("anno2 %s: no upload token: %s", uuid, e.getMessage());
                    return new WireException("Could not get an upload token for the annotation: " + e.getMessage());
                })
                .chain(uploadToken -> record.apply(uuid).map(n -> new Created(uploadToken, uuid)))
                .invoke(c -> Log.infof("anno2 %s created for token %s", uuid, token.id()));
    }

    /** Finishes an anno2 tus upload at upload-service. */
    public Uni<Void> finishUpload(String uploadId, String uploadToken, String jwt) {
        if (uploadId.contains("/") || uploadId.contains("\\")) {
            throw new WireException("uploadId must be the last part of the upload URL");
        }
        return uploadService.finishUpload(uploadId, uploadToken, jwt)
                .onFailure(e -> !(e instanceof WireException)).transform(e -> new WireException(
                        "Could not finish the upload: " + e.getMessage()));
    }

    /** The uuid of an uploaded file when it is an anno2 zip, else null. */
    static UUID anno2Of(SlideUploaded u) {
        if (u.path() == null || !(u.path().startsWith(FOLDER + "/") || u.kind() == SlideUploaded.FileKind.ANNO2)) {
            return null;
        }
        String name = u.path().substring(u.path().lastIndexOf('/') + 1);
        Matcher m = FILE.matcher(name);
        if (!m.matches()) {
            return null;
        }
        try {
            return UUID.fromString(m.group(1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Links a finished upload to its record and, for a record made by CreateAnno2, stores the answer. Runs in the
     * consumer's transaction.
     */
    public Uni<Void> onUploaded(SlideUploaded u) {
        UUID uuid = anno2Of(u);
        if (uuid == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        UPDATE anno2 SET uploaded_at = now(), file_size = :size, sha256 = :sha
                        WHERE uuid = :uuid
                        RETURNING CAST(study_id AS text), CAST(image_id AS text), CAST(tma_core_id AS text),
                                  CAST(question_id AS text), user_email, token_id""")
                .setParameter("size", u.size())
                .setParameter("sha", u.sha256() == null ? "" : u.sha256())
                .setParameter("uuid", uuid)
                .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        Log.warnf("anno2 upload %s has no record; ignored", u.path());
                        return Uni.createFrom().voidItem();
                    }
                    Object[] r = (Object[]) rows.get(0);
                    if (r[0] == null) {
                        Log.infof("orphan anno2 %s uploaded (%d bytes)", uuid, u.size());
                        return Uni.createFrom().voidItem();
                    }
                    long studyId = Long.parseLong((String) r[0]);
                    long coreId = Long.parseLong((String) r[2]);
                    ResolvedAnswer answer = new ResolvedAnswer(Long.parseLong((String) r[1]), null,
                            coreId == 0 ? null : coreId, (String) r[4], Long.parseLong((String) r[3]),
                            VALUE_PREFIX + uuid);
                    Log.infof("anno2 %s uploaded (%d bytes): answer of %s on image %s", uuid, u.size(), r[4], r[1]);
                    return answers.upsert(studyId, List.of(answer))
                            .call(() -> s.createNativeQuery("UPDATE answer SET anno2_uuid = :uuid WHERE study_id = :study "
                                            + "AND value = :value")
                                    .setParameter("uuid", uuid).setParameter("study", studyId)
                                    .setParameter("value", VALUE_PREFIX + uuid).executeUpdate())
                            .call(() -> events.publish(studyId, (String) r[5], "Anno2", List.of(answer)))
                            .replaceWithVoid();
                }));
    }
}
