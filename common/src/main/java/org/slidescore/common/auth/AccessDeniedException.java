package org.slidescore.common.auth;

import org.slidescore.common.wire.WireException;

/** The token is valid but may not do this; the message says which right or restriction refused it. */
public class AccessDeniedException extends WireException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
