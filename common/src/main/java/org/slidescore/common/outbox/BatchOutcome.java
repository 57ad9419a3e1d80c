package org.slidescore.common.outbox;

import java.util.List;
import java.util.Optional;

/**
 * What became of one round's rows: the ids the broker acknowledged, and the first row (in id order) it did not,
 * with the reason. Rows after a failure that were not acknowledged stay unsent and are retried in order.
 */
record BatchOutcome(List<Long> sentIds, Optional<Failure> failure) {

    /** A row the broker did not take; {@code permanent} when sending it again can never succeed. */
    record Failure(OutboxRow row, Exception error, boolean permanent) {
        String describe() {
            String message = error.getMessage();
            return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
    }

    static BatchOutcome allSent(List<Long> ids) {
        return new BatchOutcome(List.copyOf(ids), Optional.empty());
    }

    boolean failed() {
        return failure.isPresent();
    }

    /** Failed in a way that more attempts may cure (broker down, timeout): the relay backs off. */
    boolean failedTransiently() {
        return failure.isPresent() && !failure.get().permanent();
    }
}
