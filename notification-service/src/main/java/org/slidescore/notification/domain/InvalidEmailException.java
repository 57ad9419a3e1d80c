package org.slidescore.notification.domain;

/** Bad SendEmail input; the message is written for the API client. */
public class InvalidEmailException extends IllegalArgumentException {
    public InvalidEmailException(String message) {
        super(message);
    }
}
