package org.slidescore.common.wire;

/** A request parameter is missing or has a value the endpoint cannot use. */
public class BadParameterException extends WireException {
    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The parameter name as the endpoint documents it. */
    public String parameter() {
        return parameter;
    }

    public static BadParameterException missing(String name) {
        return new BadParameterException(name, "Missing parameter " + name);
    }
}
