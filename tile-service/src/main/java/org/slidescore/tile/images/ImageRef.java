package org.slidescore.tile.images;

/** What pixel access needs to know about an image: its study (for read rights) and its file under the images root. */
public record ImageRef(long imageId, long studyId, String studyName, String name, String path, long fileSize) {
}
