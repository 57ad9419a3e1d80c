package org.slidescore.scoring.domain;

import org.slidescore.events.StudyChanged;
import org.slidescore.scoring.results.ResultRow;
import org.slidescore.scoring.results.ResultsFormatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns parsed UploadResults rows into answers of one study: every row must name an image of the study (or a case,
 * for case-level rows), a TMA core of the image's map when it has TMA columns, a user of the study and a question
 * of the study, and its value must fit the question. The first problem stops the import ({@code line N: ...}); when
 * the same answer appears twice, the later line wins.
 */
public final class ResultsImport {

    public static List<ResolvedAnswer> resolve(StudyModel study, List<ResultRow> rows) {
        Map<String, ResolvedAnswer> byIdentity = new LinkedHashMap<>();
        for (ResultRow row : rows) {
            ResolvedAnswer a = resolve(study, row);
            byIdentity.remove(a.identity());
            byIdentity.put(a.identity(), a);
        }
        return new ArrayList<>(byIdentity.values());
    }

    static ResolvedAnswer resolve(StudyModel study, ResultRow row) {
        int line = row.line();
        Long imageId = null;
        Long caseId = null;
        Long coreId = null;
        if (row.isCaseLevel()) {
            StudyChanged.Case c = study.caseByName(row.caseName());
            if (c == null) {
                throw new ResultsFormatException(line, "case \"" + row.caseName() + "\" is not in study " + study.name());
            }
            caseId = c.id();
        } else {
            StudyChanged.Image image = study.image(row.imageId());
            if (image == null) {
                throw new ResultsFormatException(line, "image " + row.imageId() + " is not in study " + study.name());
            }
            imageId = image.id();
            if (row.isTmaCore()) {
                StudyModel.Core core = study.core(image, row.tmaRow(), row.tmaCol());
                if (core == null) {
                    throw new ResultsFormatException(line, "image " + image.id() + " has no TMA core at row "
                            + row.tmaRow() + ", column " + row.tmaCol());
                }
                if (row.tmaSampleId() != null && core.sampleId() != null && !core.sampleId().equals(row.tmaSampleId())) {
                    throw new ResultsFormatException(line, "the TMA core at row " + row.tmaRow() + ", column "
                            + row.tmaCol() + " is sample \"" + core.sampleId() + "\", not \"" + row.tmaSampleId() + "\"");
                }
                coreId = core.id();
            }
        }
        if (!study.hasUser(row.user())) {
            throw new ResultsFormatException(line, "user " + row.user() + " is not a user of study " + study.name());
        }
        StudyModel.Question q = study.question(row.question());
        if (q == null) {
            throw new ResultsFormatException(line, "question \"" + row.question() + "\" is not in study " + study.name());
        }
        if (q.type() == null) {
            throw new ResultsFormatException(line, "question \"" + q.name() + "\" has unknown type " + q.typeName());
        }
        try {
            AnswerValidator.validate(q.type(), q.config(), row.answer());
        } catch (InvalidAnswerException e) {
            throw new ResultsFormatException(line, "invalid answer to \"" + q.name() + "\" (" + q.type() + "): "
                    + e.getMessage());
        }
        return new ResolvedAnswer(imageId, caseId, coreId, row.user(), q.id(), row.answer());
    }

    private ResultsImport() {
    }
}
