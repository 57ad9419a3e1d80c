package org.slidescore.common.wire;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.InvalidTokenException;
import org.slidescore.common.auth.TokenVerifier;

import java.nio.charset.StandardCharsets;

/** Builds the request-scoped {@link ApiRequest} from the current Vert.x request. */
@ApplicationScoped
public class ApiRequestProducer {
    private final CurrentVertxRequest current;
    private final TokenVerifier verifier;

    public ApiRequestProducer(CurrentVertxRequest current, TokenVerifier verifier) {
        this.current = current;
        this.verifier = verifier;
    }

    @Produces
    @RequestScoped
    public ApiRequest apiRequest() {
        RoutingContext rc = current.getCurrent();
        if (rc == null) {
            return new ApiRequest(ApiParams.empty(), () -> {
                throw unauthorized("missing bearer token");
            });
        }
        String form = null;
        if (ApiRequestFilter.isFormBody(rc.request())) {
            Buffer body = rc.body() == null ? null : rc.body().buffer();
            form = body == null ? null : body.toString(StandardCharsets.UTF_8);
        }
        ApiParams params = ApiParams.parse(rc.request().query(), form);
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        return new ApiRequest(params, () -> {
            ApiToken t = rc.get(ApiRequest.TOKEN_KEY);
            if (t != null) {
                return t;
            }
            try {
                t = verifier.verifyHeader(authorization);
                rc.put(ApiRequest.TOKEN_KEY, t);
                return t;
            } catch (InvalidTokenException e) {
                throw unauthorized(e.getMessage());
            }
        });
    }

    static WebApplicationException unauthorized(String message) {
        return new WebApplicationException(Response.status(401).header("WWW-Authenticate", "Bearer")
                .type("text/plain;charset=utf-8").entity(message).build());
    }
}
