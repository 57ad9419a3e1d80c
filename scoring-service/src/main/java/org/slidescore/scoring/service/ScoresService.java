package org.slidescore.scoring.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.events.StudyChanged;
import org.slidescore.scoring.domain.StudyModel;
import org.slidescore.scoring.projection.Studies;
import org.slidescore.scoring.repository.AnswerRepository;
import org.slidescore.scoring.repository.StoredAnswer;
import org.slidescore.scoring.results.ResultRow;
import org.slidescore.scoring.results.ResultsJsonWriter;
import org.slidescore.scoring.results.ResultsTsvWriter;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Scores: a study's answers as a streamed JSON array or TSV text. */
@ApplicationScoped
public class ScoresService {
    /** Answers per written chunk. */
    static final int CHUNK = 256;

    private final Studies studies;
    private final AnswerRepository answers;

    public ScoresService(Studies studies, AnswerRepository answers) {
        this.studies = studies;
        this.answers = answers;
    }

    public record Query(long studyId, String question, String email, Long imageId, Long caseId) {
    }

    /** Checks rights and filters (failing the Uni with a wire error), then gives the study to stream. */
    public Uni<StudyModel> prepare(ApiToken token, Query q) {
        return studies.get(q.studyId()).invoke(study -> ScoreAccess.requireCanGetScores(token, study));
    }

    /** The streamed body; call after {@link #prepare}. */
    public Multi<Buffer> stream(StudyModel study, Query q, boolean json) {
        Long questionId = null;
        if (q.question() != null) {
            StudyModel.Question question = study.question(q.question());
            if (question == null) {
                return json ? Multi.createFrom().item(Buffer.buffer("[]"))
                        : Multi.createFrom().item(Buffer.buffer(tsvWriter(study).header()));
            }
            questionId = question.id();
        }
        List<Long> caseImages = q.caseId() == null ? null : study.snapshot().images().stream()
                .filter(i -> q.caseId().equals(i.caseId())).map(StudyChanged.Image::id).toList();
        AnswerRepository.Filter filter = new AnswerRepository.Filter(questionId, q.email(), q.imageId(), caseImages,
                q.caseId());
        Multi<List<StoredAnswer>> chunks = answers.stream(study.id(), filter).group().intoLists().of(CHUNK);
        if (json) {
            AtomicBoolean first = new AtomicBoolean(true);
            Multi<Buffer> body = chunks.map(list -> {
                StringBuilder sb = new StringBuilder(list.size() * 160);
                for (StoredAnswer a : list) {
                    ResultRow r = toRow(study, a);
                    if (r == null) {
                        continue;
                    }
                    sb.append(first.getAndSet(false) ? "[" : ",");
                    ResultsJsonWriter.write(sb, a.id(), r, a.modifiedAt());
                }
                return Buffer.buffer(sb.toString());
            });
            return Multi.createBy().concatenating().streams(body,
                    Multi.createFrom().item(() -> Buffer.buffer(first.get() ? "[]" : "]")));
        }
        ResultsTsvWriter tsv = tsvWriter(study);
        Multi<Buffer> body = chunks.map(list -> {
            StringBuilder sb = new StringBuilder(list.size() * 120);
            for (StoredAnswer a : list) {
                ResultRow r = toRow(study, a);
                if (r != null) {
                    sb.append(tsv.line(r));
                }
            }
            return Buffer.buffer(sb.toString());
        });
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(Buffer.buffer(tsv.header())), body);
    }

    private static ResultsTsvWriter tsvWriter(StudyModel study) {
        return new ResultsTsvWriter(study.hasCases(), study.hasTma());
    }

    /** The row of a stored answer, or null when its image, case or question is no longer in the study. */
    static ResultRow toRow(StudyModel study, StoredAnswer a) {
        StudyModel.Question q = study.question(a.questionId());
        if (q == null) {
            return null;
        }
        if (a.imageId() != null) {
            StudyChanged.Image image = study.image(a.imageId());
            if (image == null) {
                return null;
            }
            StudyChanged.Case c = study.caseById(image.caseId());
            StudyModel.Core core = study.core(a.tmaCoreId());
            if (a.tmaCoreId() != null && core == null) {
                return null;
            }
            return new ResultRow(0, c == null || !study.hasCases() ? null : c.name(), image.id(), image.name(),
                    a.userEmail(),
                    core == null ? null : core.row(), core == null ? null : core.col(),
                    core == null ? null : core.sampleId(), q.name(), a.value());
        }
        StudyChanged.Case c = study.caseById(a.caseId());
        if (c == null) {
            return null;
        }
        return new ResultRow(0, c.name(), null, "", a.userEmail(), null, null, null, q.name(), a.value());
    }
}
