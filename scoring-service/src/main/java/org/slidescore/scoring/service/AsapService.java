package org.slidescore.scoring.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.WireException;
import org.slidescore.scoring.annotation.AnnotationJson;
import org.slidescore.scoring.asap.AsapAnnotation;
import org.slidescore.scoring.asap.AsapConversion;
import org.slidescore.scoring.asap.AsapDocument;
import org.slidescore.scoring.asap.AsapFormatException;
import org.slidescore.scoring.asap.AsapGroup;
import org.slidescore.scoring.asap.AsapImportPlan;
import org.slidescore.scoring.asap.AsapReader;
import org.slidescore.scoring.asap.AsapWriter;
import org.slidescore.scoring.asap.QuestionsMap;
import org.slidescore.scoring.client.StudyServiceClient;
import org.slidescore.scoring.domain.AnswerValidator;
import org.slidescore.scoring.domain.InvalidAnswerException;
import org.slidescore.scoring.domain.QuestionType;
import org.slidescore.scoring.domain.ResolvedAnswer;
import org.slidescore.scoring.domain.StudyModel;
import org.slidescore.scoring.projection.Studies;
import org.slidescore.scoring.repository.AnswerRepository;
import org.slidescore.scoring.repository.StoredAnswer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ExportASAPAnnotations and UploadASAPAnnotations. */
@ApplicationScoped
public class AsapService {
    private final Studies studies;
    private final AnswerRepository answers;
    private final ScoresSubmittedEvents events;
    private final StudyServiceClient studyService;
    private final AsapReader reader = new AsapReader();

    public AsapService(Studies studies, AnswerRepository answers, ScoresSubmittedEvents events,
                       StudyServiceClient studyService) {
        this.studies = studies;
        this.answers = answers;
        this.events = events;
        this.studyService = studyService;
    }

    /** One ASAP document with the user's annotations on the image: a group per question, in the question's colour. */
    public Uni<String> export(ApiToken token, long imageId, String user, String question) {
        token.requireAnyRight(Right.CanGetScores, Right.CanGetAnyScores);
        return studies.byImage(imageId).chain(study -> {
            ScoreAccess.requireCanGetScores(token, study);
            List<Long> questionIds = null;
            if (question != null) {
                StudyModel.Question q = study.question(question);
                if (q == null) {
                    throw new WireException("Question \"" + question + "\" is not in study " + study.name());
                }
                if (q.type() == null || !q.type().isAnnotation()) {
                    throw new WireException("Question \"" + question + "\" is not an annotation question");
                }
                questionIds = List.of(q.id());
            }
            return answers.forImageAndUser(imageId, user, questionIds).map(found -> toAsap(study, found));
        });
    }

    static String toAsap(StudyModel study, List<StoredAnswer> found) {
        List<AsapAnnotation> annotations = new ArrayList<>();
        Map<String, AsapGroup> groups = new LinkedHashMap<>();
        for (StoredAnswer a : found) {
            StudyModel.Question q = study.question(a.questionId());
            if (q == null || q.type() == null || !q.type().isAnnotation()) {
                continue;
            }
            try {
                if (q.type() == QuestionType.AnnoPoints) {
                    annotations.addAll(AsapConversion.fromPoints(AnnotationJson.readPoints(a.value()), q.name(),
                            q.colour(), annotations.size()));
                } else {
                    annotations.addAll(AsapConversion.fromShapes(AnnotationJson.readShapes(a.value()), q.name(),
                            q.colour(), annotations.size()));
                }
            } catch (InvalidAnswerException e) {
                Log.warnf("answer %d of question %d is not valid annotation JSON, left out of the ASAP export: %s",
                        a.id(), q.id(), e.getMessage());
                continue;
            }
            groups.putIfAbsent(q.name(), new AsapGroup(q.name(), q.colour()));
        }
        return AsapWriter.write(new AsapDocument(annotations, List.copyOf(groups.values())));
    }

    /** Stores the document's annotations as the user's answers; answers the log line. */
    public Uni<String> upload(ApiToken token, long imageId, String user, String xml, String questionsMapText) {
        token.requireRight(Right.CanUploadScores);
        return studies.byImage(imageId).chain(study -> {
            ScoreAccess.requireCanUploadScores(token, study);
            if (!study.hasUser(user)) {
                throw new WireException("User " + user + " is not a user of study " + study.name());
            }
            AsapImportPlan plan;
            try {
                Map<String, String> map = QuestionsMap.parse(questionsMapText);
                AsapDocument doc = reader.read(xml);
                plan = AsapImportPlan.plan(study, doc, map);
            } catch (AsapFormatException e) {
                throw new WireException(e.getMessage());
            }
            if (plan.targets().isEmpty()) {
                return Uni.createFrom().item("No annotations in the document; nothing changed");
            }
            Uni<StudyModel> ready = Uni.createFrom().item(study);
            if (!plan.newQuestions().isEmpty()) {
                for (AsapImportPlan.NewQuestion nq : plan.newQuestions()) {
                    ready = ready.call(() -> studyService.addAnnotationQuestion(study.id(), nq.name(),
                            nq.type().name(), nq.colour(), token.raw()));
                }
                ready = ready.onFailure(StudyServiceClient.QuestionNotAddedException.class)
                        .transform(e -> new WireException("Could not create the question for unmapped colours: "
                                + e.getMessage()))
                        .chain(() -> studies.readThrough(study.id()));
            }
            return ready.chain(current -> store(token, current, imageId, user, plan));
        });
    }

    private Uni<String> store(ApiToken token, StudyModel study, long imageId, String user, AsapImportPlan plan) {
        List<ResolvedAnswer> resolved = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        int count = 0;
        for (AsapImportPlan.Target t : plan.targets()) {
            StudyModel.Question q = study.question(t.questionName());
            if (q == null) {
                throw new WireException("Question \"" + t.questionName() + "\" is not in study " + study.name()
                        + " yet; try again");
            }
            String value = AsapImportPlan.value(t, q.type());
            try {
                AnswerValidator.validate(q.type(), q.config(), value);
            } catch (InvalidAnswerException e) {
                throw new WireException("annotations for \"" + q.name() + "\": " + e.getMessage());
            }
            resolved.add(new ResolvedAnswer(imageId, null, null, user, q.id(), value));
            count += t.annotations().size();
            log.append(log.length() == 0 ? "" : ", ").append(q.name()).append(" (").append(t.annotations().size())
                    .append(')');
        }
        String message = "Imported " + count + " annotations into " + log;
        return Panache.withTransaction(() -> answers.upsert(study.id(), resolved)
                        .call(() -> events.publish(study.id(), token.id(), "UploadASAPAnnotations", resolved)))
                .map(n -> {
                    Log.infof("UploadASAPAnnotations: image %d, user %s: %s", imageId, user, message);
                    return message;
                });
    }
}
