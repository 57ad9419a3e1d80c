package org.slidescore.gateway.proxy;

import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.InvalidTokenException;
import org.slidescore.common.auth.TokenVerifier;
import org.slidescore.common.wire.ApiRequestFilter;
import org.slidescore.gateway.routing.RouteTable;
import org.slidescore.gateway.routing.Service;
import org.slidescore.gateway.routing.ServiceUrls;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The public entry: routes each request by {@link RouteTable} and streams it to the owning service and the answer
 * back, both ways through Vert.x pipes (bodies are never buffered; GET bodies are forwarded too, since the Python
 * SDK sends its GET parameters as a form body). {@code /Api/*} calls need a valid bearer token first (401
 * otherwise). Adds {@code X-Request-Id} (kept if the client sent one) and {@code X-Forwarded-*}. A service that
 * cannot be reached answers 503 with a message naming it, after at most the connect timeout.
 *
 * <p>With tracing on, the gateway's own HTTP client span is the one the service continues: the client's trace context
 * headers ({@code traceparent}, {@code tracestate}, {@code baggage}: the configured propagators' fields) are not
 * copied, since the Vert.x tracer adds its own and the service would read the client's first. The trace stays the
 * client's (the gateway's server span continues it). With tracing off they pass through unchanged.
 */
@ApplicationScoped
public class ReverseProxy {
    /** Before Quarkus REST (10000), so the gateway's own JAX-RS resources only see what is left to them. */
    public static final int ORDER = 800;
    public static final String REQUEST_ID = "X-Request-Id";

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "expect",
            "proxy-connection");

    private final Vertx vertx;
    private final ServiceUrls urls;
    private final TokenVerifier verifier;
    private final int connectTimeoutMs;
    private final Duration idleTimeout;
    private final int poolSize;
    private final boolean trustForwarded;
    /** Lower-case names of the headers the gateway's tracer writes on forwarded requests; empty with tracing off. */
    private final Set<String> ownTraceHeaders;
    private volatile HttpClient client;

    public ReverseProxy(Vertx vertx, ServiceUrls urls, TokenVerifier verifier,
                        @ConfigProperty(name = "slidescore.gateway.connect-timeout", defaultValue = "2S") Duration connectTimeout,
                        @ConfigProperty(name = "slidescore.gateway.idle-timeout", defaultValue = "10M") Duration idleTimeout,
                        @ConfigProperty(name = "slidescore.gateway.pool-size", defaultValue = "200") int poolSize,
                        @ConfigProperty(name = "slidescore.gateway.trust-forwarded-headers", defaultValue = "false")
                        boolean trustForwarded,
                        @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean tracingOff,
                        Instance<OpenTelemetry> openTelemetry) {
        this.vertx = vertx;
        this.urls = urls;
        this.verifier = verifier;
        this.connectTimeoutMs = (int) connectTimeout.toMillis();
        this.idleTimeout = idleTimeout;
        this.poolSize = poolSize;
        this.trustForwarded = trustForwarded;
        this.ownTraceHeaders = tracingOff || !openTelemetry.isResolvable() ? Set.of()
                : openTelemetry.get().getPropagators().getTextMapPropagator().fields().stream()
                        .map(f -> f.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void close(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    HttpClientOptions options = new HttpClientOptions()
                            .setConnectTimeout(connectTimeoutMs)
                            .setIdleTimeout((int) idleTimeout.toSeconds())
                            .setKeepAlive(true)
                            .setKeepAliveTimeout(30)
                            .setDecompressionSupported(false)
                            .setTryUseCompression(false)
                            .setMaxInitialLineLength(16 * 1024)
                            .setMaxHeaderSize(64 * 1024);
                    client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(poolSize));
                }
                c = client;
            }
        }
        return c;
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String requestId = request.getHeader(REQUEST_ID);
        if (requestId == null || requestId.isBlank() || requestId.length() > 200) {
            requestId = UUID.randomUUID().toString();
        }
        rc.response().putHeader(REQUEST_ID, requestId);
        rc.put(REQUEST_ID, requestId);

        String path = rc.normalizedPath();
        RouteTable.Route route = RouteTable.resolve(path);
        if (route == null) {
            text(rc, 404, "Unknown API method " + path);
            return;
        }
        if (route.local()) {
            rc.next();
            return;
        }
        String authorization = null;
        if (ApiRequestFilter.isApiPath(path)) {
            try {
                ApiToken token = verifier.verifyHeader(request.getHeader(HttpHeaders.AUTHORIZATION));
                authorization = "Bearer " + token.raw();
            } catch (InvalidTokenException e) {
                rc.response().putHeader("WWW-Authenticate", "Bearer");
                text(rc, 401, e.getMessage());
                return;
            }
        }
        forward(rc, route, requestId, authorization);
    }

    private void forward(RoutingContext rc, RouteTable.Route route, String requestId, String authorization) {
        HttpServerRequest request = rc.request();
        request.pause();
        ServiceUrls.Target target = urls.of(route.service());
        String uri = route.path() + (request.query() == null ? "" : "?" + request.query());

        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(request.headers(), headers);
        ownTraceHeaders.forEach(headers::remove);
        if (authorization != null) {
            headers.set(HttpHeaders.AUTHORIZATION, authorization);
        }
        setForwardedHeaders(request, headers);
        headers.set(REQUEST_ID, requestId);

        long length = contentLength(request.headers());
        // HTTP/1.1: a body needs Content-Length or chunked encoding. HTTP/2 (h2c upgrade, prior knowledge) has
        // neither: a stream not yet ended may carry one, forwarded chunked.
        boolean chunked = isChunked(request.headers())
                || (request.version() == HttpVersion.HTTP_2 && length < 0 && !request.isEnded());
        boolean hasBody = chunked || length > 0;
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT)) && hasBody) {
            rc.response().writeContinue();
        }

        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(uri)
                .setHeaders(headers)
                .setFollowRedirects(false);
        HttpServerResponse response = rc.response();
        client().request(options).onComplete(created -> {
            if (created.failed()) {
                unavailable(rc, route.service(), created.cause());
                return;
            }
            HttpClientRequest upstream = created.result();
            upstream.response().onComplete(answered -> {
                if (answered.failed()) {
                    if (!response.headWritten()) {
                        unavailable(rc, route.service(), answered.cause());
                    } else {
                        response.reset();
                    }
                    return;
                }
                relay(rc, upstream, answered.result());
            });
            if (!hasBody) {
                upstream.end();
                request.resume();
                return;
            }
            if (chunked) {
                upstream.setChunked(true);
            }
            request.pipeTo(upstream).onFailure(e -> {
                Log.debugf("request %s: client body not forwarded: %s", requestId, e.getMessage());
                upstream.reset();
            });
        });
    }

    /**
     * {@code X-Forwarded-For/-Proto/-Host/-Port}. The gateway is the public edge: what a client claims is replaced by
     * what the gateway sees, unless {@code slidescore.gateway.trust-forwarded-headers=true} (a proxy or ingress in
     * front of the gateway sets them), when they are kept and the client address is appended to the For chain.
     */
    private void setForwardedHeaders(HttpServerRequest request, MultiMap headers) {
        String remote = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String scheme = request.scheme() == null ? "http" : request.scheme();
        String host = request.authority() == null ? null : request.authority().toString();
        int port = request.authority() == null || request.authority().port() <= 0
                ? ("https".equals(scheme) ? 443 : 80) : request.authority().port();
        if (trustForwarded) {
            String chain = request.getHeader("X-Forwarded-For");
            headers.set("X-Forwarded-For", chain == null || chain.isBlank() ? remote : chain + ", " + remote);
            if (!headers.contains("X-Forwarded-Proto")) {
                headers.set("X-Forwarded-Proto", scheme);
            }
            if (!headers.contains("X-Forwarded-Host") && host != null) {
                headers.set("X-Forwarded-Host", host);
            }
            if (!headers.contains("X-Forwarded-Port")) {
                headers.set("X-Forwarded-Port", Integer.toString(port));
            }
        } else {
            headers.set("X-Forwarded-For", remote);
            headers.set("X-Forwarded-Proto", scheme);
            if (host != null) {
                headers.set("X-Forwarded-Host", host);
            } else {
                headers.remove("X-Forwarded-Host");
            }
            headers.set("X-Forwarded-Port", Integer.toString(port));
            headers.remove("Forwarded");
        }
    }

    private void relay(RoutingContext rc, HttpClientRequest upstream, HttpClientResponse answer) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            upstream.reset();
            return;
        }
        response.setStatusCode(answer.statusCode());
        if (answer.statusMessage() != null) {
            response.setStatusMessage(answer.statusMessage());
        }
        copyHeaders(answer.headers(), response.headers());
        response.headers().set(REQUEST_ID, (String) rc.get(REQUEST_ID));
        boolean bodiless = rc.request().method() == HttpMethod.HEAD || answer.statusCode() == 204
                || answer.statusCode() == 304 || (answer.statusCode() >= 100 && answer.statusCode() < 200);
        if (!bodiless && !answer.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        // A hand-written pump, not pipeTo: Vert.x's pipe asks writeQueueFull() of a response whose client has gone
        // away and throws "Response has already been written" (once per cancelled download or dropped tile).
        // A client leaving mid-answer: stop, and drop the connection to the service (it cannot be reused with the
        // answer half read).
        boolean[] done = {false};
        String requestId = rc.get(REQUEST_ID);
        response.closeHandler(v -> {
            if (!done[0]) {
                done[0] = true;
                Log.debugf("response %s: the client left before the end", requestId);
                upstream.reset();
            }
        });
        answer.handler(chunk -> {
            if (done[0] || response.closed() || response.ended()) {
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                answer.pause();
                response.drainHandler(v -> {
                    if (!done[0]) {
                        answer.resume();
                    }
                });
            }
        });
        answer.exceptionHandler(e -> {
            if (!done[0]) {
                done[0] = true;
                Log.debugf("response %s not relayed: %s", requestId, e.getMessage());
                upstream.reset();
                if (!response.closed() && !response.ended()) {
                    response.reset();
                }
            }
        });
        answer.endHandler(v -> {
            if (!done[0]) {
                done[0] = true;
                if (!response.closed() && !response.ended()) {
                    response.end();
                }
            }
        });
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        String connection = from.get(HttpHeaders.CONNECTION);
        Set<String> listed = Set.of();
        if (connection != null) {
            listed = new java.util.HashSet<>();
            for (String token : connection.split(",")) {
                listed.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (var e : from) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !listed.contains(name)) {
                to.add(e.getKey(), e.getValue());
            }
        }
    }

    private static boolean isChunked(MultiMap headers) {
        String te = headers.get(HttpHeaders.TRANSFER_ENCODING);
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static long contentLength(MultiMap headers) {
        String cl = headers.get(HttpHeaders.CONTENT_LENGTH);
        if (cl == null) {
            return -1;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void unavailable(RoutingContext rc, Service service, Throwable cause) {
        Log.warnf("request %s: %s-service unreachable at %s: %s", rc.get(REQUEST_ID), service.configName(),
                urls.of(service).url(), cause == null ? "?" : cause.getMessage());
        rc.response().putHeader("Retry-After", "5");
        text(rc, 503, "The " + service.configName() + " service is unavailable; try again later");
        rc.request().resume();
    }

    private static void text(RoutingContext rc, int status, String message) {
        HttpServerResponse response = rc.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=utf-8").end(message);
    }
}
