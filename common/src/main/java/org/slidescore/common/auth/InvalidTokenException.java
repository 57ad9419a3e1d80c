package org.slidescore.common.auth;

/** The bearer token is missing, malformed, badly signed, expired or revoked: the answer is HTTP 401. */
public class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
