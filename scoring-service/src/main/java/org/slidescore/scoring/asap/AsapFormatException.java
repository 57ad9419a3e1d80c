package org.slidescore.scoring.asap;

/** ASAP XML that cannot be read or is refused; the message is meant for the client. */
public class AsapFormatException extends RuntimeException {
    public AsapFormatException(String message) {
        super(message);
    }
}
