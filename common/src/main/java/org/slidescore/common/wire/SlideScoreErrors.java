package org.slidescore.common.wire;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error style of a resource method, or of every method of a resource class (the method wins).
 * A {@link WireException} thrown while serving the call becomes HTTP 200 with a body in this style.
 * Without the annotation, {@link ErrorStyle#DEFAULT} applies.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SlideScoreErrors {
    ErrorStyle value();
}
