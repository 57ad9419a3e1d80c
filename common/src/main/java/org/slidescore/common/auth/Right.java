package org.slidescore.common.auth;

/** The rights an API token carries, named exactly as their JWT claims (and the admin form fields). */
public enum Right {
    CanUpload,
    CanCreateUploadFolders,
    CanUploadScores,
    CanGetConfig,
    CanGetPixels,
    CanReimportStudies,
    /** Results of the studies this token owns. */
    CanGetScores,
    /** Results of any study. */
    CanGetAnyScores,
    CanCreateStudies,
    CanDeleteOwnedStudies,
    /** Downloading slide files ({@code DownloadSlide}) of the studies the token may read. */
    CanDownloadSlides;

    /** The right whose claim name equals {@code name} ignoring case, or null. */
    public static Right byClaim(String name) {
        for (Right r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        return null;
    }
}
