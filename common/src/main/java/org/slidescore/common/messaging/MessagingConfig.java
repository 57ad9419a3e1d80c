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
}
