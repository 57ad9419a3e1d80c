package org.slidescore.scoring.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.common.auth.AccessDeniedException;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.WireException;
import org.slidescore.events.SlideUploaded;
import org.slidescore.events.StudyChanged;
import org.slidescore.scoring.anno2.Anno2ConversionException;
import org.slidescore.scoring.anno2.Anno2Encoder;
import org.slidescore.scoring.client.UploadServiceClient;
import org.slidescore.scoring.domain.ResolvedAnswer;
import org.slidescore.scoring.domain.StudyModel;
import org.slidescore.scoring.projection.Studies;
import org.slidescore.scoring.repository.AnswerRepository;
import org.slidescore.scoring.repository.StoredAnswer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Large annotations: CreateAnno2 / CreateOrphanAnno2 record where a zip will go and get an upload token for
 * {@code anno2/<uuid>.zip} from upload-service; when that upload finishes, the answer it was created for gets the
 * value {@code anno2:<uuid>} (so Scores lists the reference). ConvertAnnotationToAnno2 / ConvertScoreValueToAnno2
 * write an existing annotation answer as an anno2 zip ({@link Anno2Encoder}), upload it through upload-service like a
 * client (tus + FinishUpload with the caller's token: upload-service stays the only writer of the images root) and
 * link it to the answer at once. GetAnno2 serves a stored zip from the images root.
 */
@ApplicationScoped
public class Anno2Service {
    public static final String FOLDER = "anno2";
    public static final String VALUE_PREFIX = "anno2:";
    private static final Pattern FILE = Pattern.compile("([0-9a-fA-F-]{36})\\.zip");
    /** The longest {@code metadata} accepted by the conversions, in characters. */
    static final int MAX_METADATA = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Studies studies;
    private final UploadServiceClient uploadService;
    private final AnswerRepository answers;
    private final ScoresSubmittedEvents events;
    private final Pool pool;
    private final Vertx vertx;
    private final Path imagesRoot;

    public Anno2Service(Studies studies, UploadServiceClient uploadService, AnswerRepository answers,
                        ScoresSubmittedEvents events, Pool pool, Vertx vertx,
                        @ConfigProperty(name = "slidescore.images-root", defaultValue = "images") String imagesRoot) {
        this.studies = studies;
        this.uploadService = uploadService;
        this.answers = answers;
        this.events = events;
        this.pool = pool;
        this.vertx = vertx;
        this.imagesRoot = Path.of(imagesRoot).toAbsolutePath().normalize();
    }

    public record Created(String uploadToken, UUID annoUUID) {
    }

    public record Target(long studyId, long imageId, Long caseId, Long tmaCoreId, Long scoreId, String question,
                         String email) {
    }

    public Uni<Created> create(ApiToken token, Target t) {
        token.requireRight(Right.CanUploadScores);
        return studies.get(t.studyId()).chain(study -> checked(token, t, study, true))
                .chain(study -> record(token, t, study));
    }

    /**
     * The study once the target is in it. Like UploadResults: an unknown image, question, core or user refreshes a
     * stale snapshot once.
     */
    private Uni<StudyModel> checked(ApiToken token, Target t, StudyModel study, boolean mayRefresh) {
        ScoreAccess.requireCanUploadScores(token, study);
        try {
            checkTarget(t, study);
        } catch (UnknownInStudy e) {
            if (!mayRefresh) {
                throw new WireException(e.getMessage());
            }
            return studies.readThrough(study.id()).onFailure().recoverWithItem(study).chain(fresh ->
                    fresh.revision() > study.revision() ? checked(token, t, fresh, false)
                            : Uni.createFrom().failure(new WireException(e.getMessage())));
        }
        return Uni.createFrom().item(study);
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

    /** The target's annotation question, after the checks every anno2 call makes beyond {@link #checkTarget}. */
    private static StudyModel.Question annotationQuestion(Target t, StudyModel study) {
        StudyChanged.Image image = study.image(t.imageId());
        if (t.caseId() != null && !t.caseId().equals(image.caseId())) {
            throw new WireException("Image " + t.imageId() + " is not in case " + t.caseId());
        }
        StudyModel.Question q = t.scoreId() != null ? study.question(t.scoreId()) : study.question(t.question());
        if (q.type() == null || !q.type().isAnnotation()) {
            throw new WireException("Question \"" + q.name() + "\" is not an annotation question");
        }
        return q;
    }

    private Uni<Created> record(ApiToken token, Target t, StudyModel study) {
        StudyChanged.Image image = study.image(t.imageId());
        StudyModel.Question q = annotationQuestion(t, study);
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
                                  CAST(question_id AS text), user_email, token_id,
                                  CAST(converted_answer_id AS text)""")
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
                    if (r[6] != null) {
                        // a conversion: the converting call links its answer itself, if the answer is unchanged
                        Log.infof("anno2 %s (conversion of answer %s) uploaded (%d bytes)", uuid, r[6], u.size());
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

    // ---- conversions -------------------------------------------------------------------------------------------

    /**
     * ConvertAnnotationToAnno2: the user's answer to the target question on the target image (and core) becomes an
     * anno2 zip with {@code metadata} as its user metadata; the answer's value becomes {@code anno2:<uuid>}.
     */
    public Uni<UUID> convert(ApiToken token, Target t, String metadata) {
        token.requireRight(Right.CanUploadScores);
        String userMetadata = userMetadata(metadata);
        return studies.get(t.studyId()).chain(study -> checked(token, t, study, true)).chain(study -> {
            StudyModel.Question q = annotationQuestion(t, study);
            return answers.onImage(study.id(), t.imageId(), t.tmaCoreId(), t.email().trim(), q.id()).chain(found -> {
                if (found == null) {
                    throw new WireException("User " + t.email().trim() + " has no answer to \"" + q.name() + "\" on image "
                            + t.imageId() + (t.tmaCoreId() == null ? "" : " core " + t.tmaCoreId()));
                }
                return convert(token, study, found.answer(), userMetadata);
            });
        });
    }

    /** ConvertScoreValueToAnno2: like {@link #convert(ApiToken, Target, String)} for the answer with this id. */
    public Uni<UUID> convertScoreValue(ApiToken token, long scoreValueId, String metadata) {
        token.requireRight(Right.CanUploadScores);
        String userMetadata = userMetadata(metadata);
        return answers.byId(scoreValueId).chain(found -> {
            if (found == null) {
                throw new WireException("Score value " + scoreValueId + " not found");
            }
            return studies.get(found.studyId()).chain(study -> {
                ScoreAccess.requireCanUploadScores(token, study);
                StoredAnswer a = found.answer();
                StudyModel.Question q = study.question(a.questionId());
                if (q == null) {
                    throw new WireException("Score value " + scoreValueId + " answers a question that is no longer in study "
                            + study.name());
                }
                if (q.type() == null || !q.type().isAnnotation()) {
                    throw new WireException("Score value " + scoreValueId + " answers \"" + q.name() + "\" ("
                            + q.typeName() + "), which is not an annotation question");
                }
                if (a.imageId() == null) {
                    throw new WireException("Score value " + scoreValueId + " is an answer about a case; an anno2 belongs "
                            + "to an image");
                }
                if (study.image(a.imageId()) == null) {
                    throw new WireException("Score value " + scoreValueId + " is about an image that is no longer in study "
                            + study.name());
                }
                return convert(token, study, a, userMetadata);
            });
        });
    }

    /** The {@code metadata} parameter checked to be a JSON object; absent or blank is {@code {}}. */
    static String userMetadata(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return "{}";
        }
        if (metadata.length() > MAX_METADATA) {
            throw new WireException("metadata is longer than " + MAX_METADATA + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(metadata);
        } catch (JsonProcessingException e) {
            throw new WireException("metadata is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new WireException("metadata must be a JSON object, like {\"description\": \"...\"}");
        }
        return metadata.trim();
    }

    private Uni<UUID> convert(ApiToken token, StudyModel study, StoredAnswer a, String userMetadata) {
        StudyModel.Question q = study.question(a.questionId());
        if (a.value().startsWith(VALUE_PREFIX)) {
            throw new WireException("This answer is already an anno2 annotation (annoUUID "
                    + a.value().substring(VALUE_PREFIX.length()).trim() + ")");
        }
        String seenMd5 = md5(a.value());
        UUID uuid = UUID.randomUUID();
        String fileName = uuid + ".zip";
        return vertx.executeBlocking(() -> {
                    try {
                        return Anno2Encoder.encode(q.type(), a.value(), userMetadata);
                    } catch (Anno2ConversionException e) {
                        throw new WireException("The answer cannot be converted: " + e.getMessage());
                    }
                }, false)
                .chain(encoded -> uploadService.uploadToken(FOLDER, fileName, token.id())
                        .onFailure().transform(e -> new WireException("Could not get an upload token for the annotation: "
                                + e.getMessage()))
                        .chain(uploadToken -> Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                                        INSERT INTO anno2 (uuid, study_id, image_id, tma_core_id, question_id, user_email,
                                                           token_id, file_path, converted_answer_id)
                                        VALUES (:uuid, :study, :image, :core, :question, :email, :token, :path, :answer)""")
                                        .setParameter("uuid", uuid)
                                        .setParameter("study", study.id())
                                        .setParameter("image", a.imageId())
                                        .setParameter("core", a.tmaCoreId() == null ? 0L : a.tmaCoreId())
                                        .setParameter("question", q.id())
                                        .setParameter("email", a.userEmail())
                                        .setParameter("token", token.id())
                                        .setParameter("path", FOLDER + "/" + fileName)
                                        .setParameter("answer", a.id())
                                        .executeUpdate()))
                                .chain(() -> uploadService.upload(uploadToken, token.raw(), fileName, encoded.zip()))
                                .chain(uploadId -> uploadService.finishUpload(uploadId, uploadToken, token.raw()))
                                .onFailure(e -> !(e instanceof WireException)).transform(e -> new WireException(
                                        "Could not store the converted annotation: " + e.getMessage())))
                        .chain(() -> link(token, study, a, seenMd5, uuid, encoded)))
                .invoke(() -> Log.infof("answer %d converted to anno2 %s", a.id(), uuid));
    }

    /**
     * Makes the uploaded zip the answer's value, in one transaction with the scores-submitted event; refused when the
     * answer changed since it was read (its zip then stays stored under its uuid, linked to nothing).
     */
    private Uni<UUID> link(ApiToken token, StudyModel study, StoredAnswer a, String seenMd5, UUID uuid,
                           Anno2Encoder.Encoded encoded) {
        String value = VALUE_PREFIX + uuid;
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                        UPDATE anno2 SET uploaded_at = COALESCE(uploaded_at, now()), file_size = :size, sha256 = :sha
                        WHERE uuid = :uuid""")
                .setParameter("size", (long) encoded.zip().length)
                .setParameter("sha", sha256(encoded.zip()))
                .setParameter("uuid", uuid)
                .executeUpdate()
                .chain(() -> s.createNativeQuery("""
                                UPDATE answer SET value = :value, anno2_uuid = :uuid, modified_at = now()
                                WHERE id = :id AND md5(value) = :md5""")
                        .setParameter("value", value)
                        .setParameter("uuid", uuid)
                        .setParameter("id", a.id())
                        .setParameter("md5", seenMd5)
                        .executeUpdate())
                .chain(n -> {
                    if (n == 0) {
                        return Uni.createFrom().failure(new WireException("The answer changed while it was being "
                                + "converted and was left as it is; convert it again"));
                    }
                    ResolvedAnswer answer = new ResolvedAnswer(a.imageId(), null, a.tmaCoreId(), a.userEmail(),
                            a.questionId(), value);
                    return events.publish(study.id(), token.id(), "Anno2", List.of(answer));
                })))
                .replaceWith(uuid);
    }

    private static String md5(String value) {
        return hex("MD5", value.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] b) {
        return hex("SHA-256", b);
    }

    private static String hex(String algorithm, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- serving -----------------------------------------------------------------------------------------------

    /** No such anno2, or its zip is not (yet) there: the endpoint answers 404. */
    public static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The stored zip of an anno2, for a token that may read it: the answer's study needs what Scores needs
     * ({@code CanGetAnyScores}, or {@code CanGetScores} on an owned study, and read access); an orphan anno2 (no
     * study) is readable by the token that created it, or by {@code CanGetAnyScores} without read restrictions.
     */
    public Uni<Path> zip(ApiToken token, UUID uuid) {
        return pool.preparedQuery("SELECT study_id, token_id, file_path, uploaded_at FROM anno2 WHERE uuid = $1")
                .execute(Tuple.of(uuid))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFound("Unknown anno2 annotation " + uuid);
                    }
                    Row r = rows.iterator().next();
                    Long studyId = r.getLong(0);
                    String owner = r.getString(1);
                    String path = r.getString(2);
                    if (r.getValue(3) == null) {
                        throw new NotFound("The zip of anno2 annotation " + uuid + " has not been uploaded yet");
                    }
                    Uni<Void> allowed;
                    if (studyId == null) {
                        if (!token.id().equals(owner) && !(token.has(Right.CanGetAnyScores)
                                && token.readOnlyStudies().isEmpty())) {
                            throw new AccessDeniedException("This anno2 annotation belongs to no study; only the API token "
                                    + "that created it, or one with CanGetAnyScores and no study restriction, may read it");
                        }
                        allowed = Uni.createFrom().voidItem();
                    } else {
                        allowed = studies.get(studyId).invoke(study -> ScoreAccess.requireCanGetScores(token, study))
                                .replaceWithVoid();
                    }
                    return allowed.chain(() -> vertx.executeBlocking(() -> {
                        Path file = imagesRoot.resolve(path).normalize();
                        if (!file.startsWith(imagesRoot) || !Files.isRegularFile(file)) {
                            throw new NotFound("The zip of anno2 annotation " + uuid + " is missing");
                        }
                        return file;
                    }, false));
                });
    }
}
