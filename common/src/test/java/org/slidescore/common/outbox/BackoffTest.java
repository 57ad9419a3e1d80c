package org.slidescore.common.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void noPauseBeforeTheFirstFailure() {
        assertEquals(Duration.ZERO, backoff.delay(0));
    }

    @Test
    void doublesPerFailure() {
        assertEquals(Duration.ofMillis(500), backoff.delay(1));
        assertEquals(Duration.ofMillis(1000), backoff.delay(2));
        assertEquals(Duration.ofMillis(2000), backoff.delay(3));
        assertEquals(Duration.ofMillis(16000), backoff.delay(6));
    }

    @Test
    void cappedAtTheMaximumEvenAfterVeryManyFailures() {
        assertEquals(Duration.ofSeconds(30), backoff.delay(7));
        assertEquals(Duration.ofSeconds(30), backoff.delay(40));
        assertEquals(Duration.ofSeconds(30), backoff.delay(Integer.MAX_VALUE));
    }

    @Test
    void maximumEqualToInitialMeansAFixedPause() {
        Backoff fixed = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(1), fixed.delay(1));
        assertEquals(Duration.ofSeconds(1), fixed.delay(100));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofNanos(10), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
