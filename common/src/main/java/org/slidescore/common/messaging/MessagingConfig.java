package org.slidescore.common.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code slidescore.messaging.*}: how often and how patiently a consumer retries a failing effect. */
@ConfigMapping(prefix = "slidescore.messaging")
public interface MessagingConfig {

    /** Retries after the first failed attempt; then the message fails and goes to the dead-letter topic. */
    @WithDefault("3")
    int retries();

    /** Pause before the first retry; doubles per retry up to {@link #maxBackoff()}. */
    @WithDefault("PT0.2S")
    Duration initialBackoff();

    @WithDefault("PT2S")
    Duration maxBackoff();

    /**
     * How long a consumer waits for its database when the failure says only that the database cannot be reached
     * ({@link DatabaseUnavailable}: a PostgreSQL restart or failover). Such attempts do not use up {@link #retries()};
     * they are repeated every {@link #maxBackoff()} at the most until the database answers, and only after this long
     * does the record go to the dead-letter topic. Keep it below the Kafka connector's
     * {@code throttled.unprocessed-record-max-age.ms} (60 s), after which the channel is declared failed.
     */
    @WithDefault("PT45S")
    Duration databasePatience();
}
