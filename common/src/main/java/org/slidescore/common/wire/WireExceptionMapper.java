package org.slidescore.common.wire;

import io.quarkus.logging.Log;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.reflect.Method;

/**
 * The one place where {@link WireException}s (and {@link BadParameterException},
 * {@link org.slidescore.common.auth.AccessDeniedException}) become HTTP 200 bodies in the endpoint's
 * {@link ErrorStyle}.
 */
public class WireExceptionMapper {

    @ServerExceptionMapper
    public Response toWireError(WireException e, ResourceInfo resource) {
        ErrorStyle style = styleOf(resource == null ? null : resource.getResourceMethod(),
                resource == null ? null : resource.getResourceClass());
        Log.debugf("wire error (%s): %s", style, e.getMessage());
        return WireBodies.response(WireBodies.error(style, e.getMessage()));
    }

    /** The style declared on the method, else on its class, else {@link ErrorStyle#DEFAULT}. */
    public static ErrorStyle styleOf(Method method, Class<?> resourceClass) {
        if (method != null) {
            SlideScoreErrors onMethod = method.getAnnotation(SlideScoreErrors.class);
            if (onMethod != null) {
                return onMethod.value();
            }
        }
        for (Class<?> c = resourceClass; c != null && c != Object.class; c = c.getSuperclass()) {
            SlideScoreErrors onClass = c.getAnnotation(SlideScoreErrors.class);
            if (onClass != null) {
                return onClass.value();
            }
        }
        return ErrorStyle.DEFAULT;
    }
}
