package org.slidescore.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How SendEmail checks its input and how deliveries are retried. */
@ConfigMapping(prefix = "slidescore.mail")
public interface MailConfig {
    /** The From address of every message (env {@code SLIDESCORE_MAIL_FROM}). */
    @WithDefault("info@slidescore.com")
    String from();

    /** Path of a study's scoring page under {@code slidescore.public-url}; {@code {studyId}} is replaced. */
    @WithDefault("/Study/Score?studyId={studyId}")
    String scoringPath();

    @WithDefault("255")
    int maxSubjectLength();

    @WithDefault("100000")
    int maxBodyLength();

    @WithDefault("100")
    int maxRecipients();

    Retry retry();

    interface Retry {
        /** Attempts per recipient before it is failed and dead-lettered. */
        @WithDefault("8")
        int maxAttempts();

        /** Wait after the first failed attempt; doubles each time up to {@link #maxBackoff()}. */
        @WithDefault("PT10S")
        Duration initialBackoff();

        @WithDefault("PT10M")
        Duration maxBackoff();

        /** How long a sender may hold a claimed delivery before another sender may take it over. */
        @WithDefault("PT2M")
        Duration claimTimeout();

        /** How often the poller looks for due retries and expired claims (a Quarkus scheduler interval). */
        @WithDefault("2s")
        String pollEvery();

        /** How long after start the poller first runs. */
        @WithDefault("1s")
        String pollDelay();

        /** How many due deliveries one poll picks up. */
        @WithDefault("50")
        int batchSize();
    }
}
