package org.slidescore.scoring.domain;

/** An answer value that its question cannot hold; the message says why in the user's terms. */
public class InvalidAnswerException extends RuntimeException {
    public InvalidAnswerException(String message) {
        super(message);
    }
}
