package org.slidescore.upload.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.AccessDeniedException;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.WireException;
import org.slidescore.upload.domain.ImagesRoot;
import org.slidescore.upload.domain.UploadTarget;

/**
 * RequestUpload: checks the caller's rights for the target folder and hands out an upload token bound to the folder,
 * the file name and the caller's API token.
 */
@ApplicationScoped
public class RequestUploadService {
    private final UploadTokens tokens;
    private final ImagesRoot images;
    private final StudyDirectory studies;

    public RequestUploadService(UploadTokens tokens, ImagesRoot images, StudyDirectory studies) {
        this.tokens = tokens;
        this.images = images;
        this.studies = studies;
    }

    public Uni<String> requestUpload(ApiToken caller, String fileName, String folder, Long studyId) {
        caller.requireRight(Right.CanUpload);
        boolean noFolder = folder == null || target(folder, "x").folder().isEmpty();
        if (noFolder && studyId != null) {
            return studies.studyName(studyId, caller.raw()).flatMap(name -> {
                caller.requireCanModify(studyId, name);
                return issue(caller, target(name, fileName));
            });
        }
        return issue(caller, target(folder, fileName));
    }

    /** The target for an already-authorized internal caller (scoring-service's anno2 uploads). */
    public Uni<String> issueInternal(String folder, String fileName, String tokenId) {
        UploadTarget target = target(folder, fileName);
        images.resolve(target);
        return tokens.issue(target, tokenId);
    }

    private Uni<String> issue(ApiToken caller, UploadTarget target) {
        caller.requireFolderAllowed(target.folder());
        try {
            images.resolve(target);
            if (!images.folderExists(target) && !caller.has(Right.CanCreateUploadFolders)) {
                throw new AccessDeniedException("Folder " + target.folder()
                        + " does not exist and this API token lacks the right CanCreateUploadFolders");
            }
        } catch (ImagesRoot.PathOutsideRootException e) {
            throw new WireException(e.getMessage());
        }
        return tokens.issue(target, caller.id());
    }

    static UploadTarget target(String folder, String fileName) {
        try {
            return UploadTarget.of(folder, fileName);
        } catch (UploadTarget.InvalidTargetException e) {
            throw new WireException(e.getMessage());
        }
    }
}
