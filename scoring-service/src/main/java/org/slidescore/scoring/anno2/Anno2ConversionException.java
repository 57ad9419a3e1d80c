package org.slidescore.scoring.anno2;

/** An answer that cannot be written as an anno2 zip; the message says why, in words for the client. */
public class Anno2ConversionException extends RuntimeException {
    public Anno2ConversionException(String message) {
        super(message, null, false, false);
    }
}
