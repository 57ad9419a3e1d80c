package org.slidescore.scoring.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.WireException;
import org.slidescore.scoring.domain.ResolvedAnswer;
import org.slidescore.scoring.domain.ResultsImport;
import org.slidescore.scoring.domain.StudyModel;
import org.slidescore.scoring.projection.Studies;
import org.slidescore.scoring.repository.AnswerRepository;
import org.slidescore.scoring.results.ResultRow;
import org.slidescore.scoring.results.ResultsFormatException;
import org.slidescore.scoring.results.ResultsTsvParser;

import java.util.List;

/** UploadResults: every row is checked first, then all answers are stored in one transaction, or none. */
@ApplicationScoped
public class ResultsService {
    private final Studies studies;
    private final AnswerRepository answers;
    private final ScoresSubmittedEvents events;

    public ResultsService(Studies studies, AnswerRepository answers, ScoresSubmittedEvents events) {
        this.studies = studies;
        this.answers = answers;
        this.events = events;
    }

    /** Stores the results; answers the log line for the client. */
    public Uni<String> upload(ApiToken token, long studyId, String results) {
        token.requireRight(Right.CanUploadScores);
        List<ResultRow> rows;
        try {
            rows = ResultsTsvParser.parse(results);
        } catch (ResultsFormatException e) {
            throw new WireException(e.getMessage());
        }
        return studies.get(studyId).chain(study -> store(token, study, rows, true));
    }

    /**
     * Resolves the rows against the study and stores them. When a row names something the projection does not know
     * (the study-changed event of a Reimport the client just made may not have arrived), the study is asked from
     * study-service once and the rows are resolved again against the newer snapshot.
     */
    private Uni<String> store(ApiToken token, StudyModel study, List<ResultRow> rows, boolean mayRefresh) {
        ScoreAccess.requireCanUploadScores(token, study);
        List<ResolvedAnswer> resolved;
        try {
            resolved = ResultsImport.resolve(study, rows);
        } catch (ResultsFormatException e) {
            if (!mayRefresh) {
                throw new WireException(e.getMessage());
            }
            return studies.readThrough(study.id())
                    .onFailure().recoverWithItem(study)
                    .chain(fresh -> {
                        if (fresh.revision() <= study.revision()) {
                            return Uni.createFrom().failure(new WireException(e.getMessage()));
                        }
                        Log.infof("UploadResults: study %d refreshed from revision %d to %d after: %s", study.id(),
                                study.revision(), fresh.revision(), e.getMessage());
                        return store(token, fresh, rows, false);
                    });
        }
        if (resolved.isEmpty()) {
            return Uni.createFrom().item("No results in the upload; nothing changed");
        }
        int rowCount = rows.size();
        return Panache.withTransaction(() -> answers.upsert(study.id(), resolved)
                        .call(() -> events.publish(study.id(), token.id(), "UploadResults", resolved)))
                .map(n -> {
                    Log.infof("UploadResults: study %d, %d rows, %d answers stored by token %s", study.id(),
                            rowCount, resolved.size(), token.id());
                    return "Stored " + resolved.size() + " answers from " + rowCount + " rows";
                });
    }
}
