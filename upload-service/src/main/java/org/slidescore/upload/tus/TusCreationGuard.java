package org.slidescore.upload.tus;

import io.smallrye.mutiny.Uni;

/**
 * Decides whether a tus creation may happen: the {@code uploadtoken} must be a live upload token and the
 * {@code apitoken} a valid API token, the one the upload token was issued to. Answers the API token id the upload
 * is bound to, or fails with a {@link TusException} (403) saying why.
 */
public interface TusCreationGuard {
    Uni<String> authorize(String uploadToken, String apiToken);
}
