package org.slidescore.common.outbox;

import java.time.Duration;
import java.util.Objects;

/** Exponential backoff: {@code initial * 2^(failures-1)}, capped at {@code max}; no pause before the first failure. */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.toMillis() < 1) {
            throw new IllegalArgumentException("initial backoff must be at least 1 ms: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below the initial backoff " + initial);
        }
    }

    /** The pause after {@code consecutiveFailures} failures in a row. */
    public Duration delay(int consecutiveFailures) {
        if (consecutiveFailures <= 0) {
            return Duration.ZERO;
        }
        // 2^30 times any positive initial exceeds every sensible max; stop doubling there to avoid overflow
        int shift = Math.min(consecutiveFailures - 1, 30);
        long millis = initial.toMillis();
        long maxMillis = max.toMillis();
        if (millis > (maxMillis >> shift)) {
            return max;
        }
        return Duration.ofMillis(Math.min(millis << shift, maxMillis));
    }
}
