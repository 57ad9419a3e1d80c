package org.slidescore.common.wire;

/**
 * An application error the client should read in the endpoint's error style ({@link SlideScoreErrors}), with
 * HTTP 200. Throw it (or a subclass) from resources or services; the body is produced in one place
 * ({@link WireExceptionMapper}). The message goes to the client verbatim: say what was wrong, never leak internals.
 */
public class WireException extends RuntimeException {
    public WireException(String message) {
        super(message, null, false, false);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
