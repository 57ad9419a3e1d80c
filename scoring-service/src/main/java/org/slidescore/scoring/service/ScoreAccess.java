package org.slidescore.scoring.service;

import org.slidescore.common.auth.AccessDeniedException;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.scoring.domain.StudyModel;

/** Who may read and write answers of a study. */
public final class ScoreAccess {

    /** {@code CanGetAnyScores}, or {@code CanGetScores} on a study the token owns; and read access to the study. */
    public static boolean canGetScores(ApiToken token, long studyId, String studyName, String ownerTokenId) {
        boolean right = token.has(Right.CanGetAnyScores)
                || (token.has(Right.CanGetScores) && ownerTokenId != null && ownerTokenId.equals(token.id()));
        return right && token.canRead(studyId, studyName);
    }

    public static void requireCanGetScores(ApiToken token, StudyModel study) {
        token.requireAnyRight(Right.CanGetScores, Right.CanGetAnyScores);
        token.requireCanRead(study.id(), study.name());
        if (!canGetScores(token, study.id(), study.name(), study.ownerTokenId())) {
            throw new AccessDeniedException("This API token has CanGetScores only for studies it owns, and does not own "
                    + study.name() + " (" + study.id() + "); CanGetAnyScores is needed");
        }
    }

    /** {@code CanUploadScores} and modify access to the study. */
    public static void requireCanUploadScores(ApiToken token, StudyModel study) {
        token.requireRight(Right.CanUploadScores);
        token.requireCanModify(study.id(), study.name());
    }

    private ScoreAccess() {
    }
}
