package org.slidescore.events;

/** An event that cannot be read: a poison message for consumers, never retried into success. */
public class EventFormatException extends RuntimeException {
    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
