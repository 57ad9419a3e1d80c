package org.slidescore.tile.rest;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.util.concurrent.Callable;

/** Runs file and pixel work on the worker pool, never on the event loop. */
final class Blocking {
    private Blocking() {
    }

    static <T> Uni<T> run(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(java.util.concurrent.CompletionException.class).transform(Throwable::getCause);
    }
}
