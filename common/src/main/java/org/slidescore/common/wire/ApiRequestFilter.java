package org.slidescore.common.wire;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.InvalidTokenException;
import org.slidescore.common.auth.TokenVerifier;

import java.util.Locale;

/**
 * Runs before JAX-RS for every {@code /Api/*} request of a service:
 * <ol>
 * <li>refuses a missing, malformed, badly signed, expired or revoked bearer token with HTTP 401 and a short
 * text body;</li>
 * <li>widens {@code Accept} with {@code *}{@code /*;q=0.01}, so that a JPEG or file endpoint asked with
 * {@code Accept: application/json} (as every SDK call is) answers instead of 406, while JSON endpoints still
 * answer JSON;</li>
 * <li>reads an {@code application/x-www-form-urlencoded} body, also of a GET (the Python SDK sends GET
 * parameters that way), up to {@code slidescore.wire.max-form-body-size} (413 beyond), so {@link ApiRequest}
 * can bind it.</li>
 * </ol>
 * Disabled with {@code slidescore.wire.api-filter.enabled=false} (the gateway, which streams bodies).
 */
@ApplicationScoped
public class ApiRequestFilter {
    /** Before Quarkus REST (10000) and after Quarkus' own body/limit handlers. */
    public static final int ORDER = 900;

    private final TokenVerifier verifier;
    private final boolean enabled;
    private final long maxFormBody;

    public ApiRequestFilter(TokenVerifier verifier,
                            @ConfigProperty(name = "slidescore.wire.api-filter.enabled", defaultValue = "true") boolean enabled,
                            @ConfigProperty(name = "slidescore.wire.max-form-body-size", defaultValue = "100M") MemorySize maxFormBody) {
        this.verifier = verifier;
        this.enabled = enabled;
        this.maxFormBody = maxFormBody.asLongValue();
    }

    void register(@Observes Router router) {
        if (!enabled) {
            Log.info("Slide Score API filter disabled (slidescore.wire.api-filter.enabled=false)");
            return;
        }
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        if (!isApiPath(rc.request().path())) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        ApiToken token;
        try {
            token = verifier.verifyHeader(request.getHeader(HttpHeaders.AUTHORIZATION));
        } catch (InvalidTokenException e) {
            rc.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Bearer")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=utf-8")
                    .end(e.getMessage());
            return;
        }
        rc.put(ApiRequest.TOKEN_KEY, token);
        widenAccept(request);
        if (isFormBody(request) && rc.body().buffer() == null && !request.isEnded()) {
            readFormBody(rc);
        } else {
            rc.next();
        }
    }

    /**
     * Reads the whole (bounded) body into the routing context, where Quarkus REST finds it too. Vert.x' BodyHandler
     * cannot be used: it refuses to decode a form on a GET.
     */
    @SuppressWarnings("deprecation")
    private void readFormBody(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long expected = -1;
        if (length != null) {
            try {
                expected = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                rc.response().setStatusCode(400).end("bad Content-Length");
                return;
            }
            if (expected > maxFormBody) {
                tooLarge(rc);
                return;
            }
        }
        // Over HTTP/2 the request must be handed on before its end is delivered: Quarkus REST pauses the request it
        // is given, and an HTTP/2 request that has ended refuses that. So the body is complete when Content-Length
        // bytes have arrived; a form body without Content-Length over HTTP/2 is refused.
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (http2 && expected < 0) {
            rc.response().setStatusCode(411).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=utf-8")
                    .end("a form body over HTTP/2 needs a Content-Length");
            return;
        }
        long complete = expected;
        Buffer body = Buffer.buffer();
        boolean[] finished = {false};
        request.handler(chunk -> {
            if (finished[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > maxFormBody) {
                finished[0] = true;
                tooLarge(rc);
                return;
            }
            body.appendBuffer(chunk);
            if (http2 && body.length() >= complete) {
                finished[0] = true;
                request.handler(null);
                request.endHandler(null);
                request.exceptionHandler(null);
                rc.setBody(body);
                rc.next();
            }
        });
        request.exceptionHandler(e -> {
            if (!finished[0]) {
                finished[0] = true;
                rc.fail(e);
            }
        });
        request.endHandler(v -> {
            if (!finished[0]) {
                finished[0] = true;
                rc.setBody(body);
                rc.next();
            }
        });
        if (http2 && complete == 0) {
            finished[0] = true;
            request.handler(null);
            request.endHandler(null);
            request.exceptionHandler(null);
            rc.setBody(body);
            rc.next();
            return;
        }
        request.resume();
    }

    private void tooLarge(RoutingContext rc) {
        if (!rc.response().ended()) {
            rc.response().setStatusCode(413).putHeader(HttpHeaders.CONNECTION, "close")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=utf-8")
                    .end("form body larger than " + maxFormBody + " bytes");
        }
    }

    /** {@code /Api/...} in any case. */
    public static boolean isApiPath(String path) {
        return path != null && path.length() > 5 && path.regionMatches(true, 0, "/api/", 0, 5);
    }

    static void widenAccept(HttpServerRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && !accept.isBlank() && !accept.contains("*/*")) {
            request.headers().set(HttpHeaders.ACCEPT, accept + ", */*;q=0.01");
        }
    }

    public static boolean isFormBody(HttpServerRequest request) {
        String ct = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}
