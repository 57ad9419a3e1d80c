package org.slidescore.events;

/**
 * A finished upload, moved into the images root by FinishUpload. Key: {@link #path()}.
 *
 * @param path     path relative to the images root, with {@code /} separators
 * @param size     bytes
 * @param sha256   lower-case hex
 * @param folder   the folder it was uploaded to ({@code ""} for the root)
 * @param fileName the file's name inside the folder
 * @param tokenId  id of the API token that requested the upload
 * @param kind     what the file looks like
 * @param uploadId the tus upload id
 */
public record SlideUploaded(String path, long size, String sha256, String folder, String fileName, String tokenId,
                            FileKind kind, String uploadId) implements SlideScoreEvent {

    public enum FileKind {
        /** a whole-slide image or any other image file */
        SLIDE,
        /** {@code study.<name>.emails|scores|config|map<id>} or {@code *.images} */
        STUDY_CONFIG,
        /** a large annotation zip under {@code anno2/} */
        ANNO2,
        /** anything else */
        OTHER
    }
}
