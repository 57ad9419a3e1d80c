package org.slidescore.tile.slide;

import java.io.IOException;

/** The file is not a slide that any active reader can open; the message says why, in words fit for a client. */
public class UnreadableSlideException extends IOException {
    public UnreadableSlideException(String message) {
        super(message);
    }

    public UnreadableSlideException(String message, Throwable cause) {
        super(message, cause);
    }
}
