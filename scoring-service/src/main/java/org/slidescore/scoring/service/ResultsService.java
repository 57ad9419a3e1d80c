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
        return studies.get(studyId).chain(study -> {
            ScoreAccess.requireCanUploadScores(token, study);
            List<ResolvedAnswer> resolved;
            int rowCount;
            try {
                List<ResultRow> rows = ResultsTsvParser.parse(results);
                rowCount = rows.size();
                resolved = ResultsImport.resolve(study, rows);
            } catch (ResultsFormatException e) {
                throw new WireException(e.getMessage());
            }
            if (resolved.isEmpty()) {
                return Uni.createFrom().item("No results in the upload; nothing changed");
            }
            return Panache.withTransaction(() -> answers.upsert(study.id(), resolved)
                            .call(() -> events.publish(study.id(), token.id(), "UploadResults", resolved)))
                    .map(n -> {
                        Log.infof("UploadResults: study %d, %d rows, %d answers stored by token %s", study.id(),
                                rowCount, resolved.size(), token.id());
                        return "Stored " + resolved.size() + " answers from " + rowCount + " rows";
                    });
        });
    }
}
