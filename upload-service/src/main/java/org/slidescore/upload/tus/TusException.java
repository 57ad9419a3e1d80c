package org.slidescore.upload.tus;

/** A tus request refused with an HTTP status and a short plain-text reason. */
public class TusException extends RuntimeException {
    private final int status;

    public TusException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
