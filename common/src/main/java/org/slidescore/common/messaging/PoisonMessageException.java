package org.slidescore.common.messaging;

/** A message that can never be processed (not an event envelope): it goes to the dead-letter topic at once. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
