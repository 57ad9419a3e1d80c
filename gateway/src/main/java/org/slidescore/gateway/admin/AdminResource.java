package org.slidescore.gateway.admin;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.InvalidTokenException;
import org.slidescore.common.auth.TokenVerifier;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.gateway.token.ApiTokenRecord;
import org.slidescore.gateway.token.TokenService;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The site administrator's endpoints: {@code POST /Admin/CreateToken} (HTTP Basic), the token page at
 * {@code /Admin/} (create, list, revoke; HTTP Basic), and {@code POST /Admin/GiveupToken} (the token itself is
 * the credential, as on Slide Score).
 */
@Path("/Admin")
public class AdminResource {
    private static final String CSRF = "csrf";

    private final AdminAuth auth;
    private final TokenService tokens;
    private final TokenVerifier verifier;

    public AdminResource(AdminAuth auth, TokenService tokens, TokenVerifier verifier) {
        this.auth = auth;
        this.tokens = tokens;
        this.verifier = verifier;
    }

    @POST
    @Path("CreateToken")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> createToken(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     MultivaluedMap<String, String> form) {
        auth.require(authorization);
        TokenRequest request;
        try {
            request = TokenRequest.parse(form, Set.of(), Instant.now());
        } catch (TokenRequest.Invalid e) {
            return Uni.createFrom().item(Problem.of(400, "Bad Request", e.getMessage()));
        }
        return create(request).map(created -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", created.token());
            body.put("id", created.id());
            body.put("expiresOn", created.expiresOn() == null ? null : created.expiresOn().toString());
            return WireBodies.response(WireBodies.json(body));
        });
    }

    @GET
    @Path("Tokens")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> listTokens(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.require(authorization);
        return tokens.list().map(list -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ApiTokenRecord r : list) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", r.id);
                m.put("name", r.name);
                m.put("rights", r.rights.isEmpty() ? List.of() : List.of(r.rights.split(",")));
                m.put("CanUploadOnlyInFolders", r.uploadOnlyInFolders);
                m.put("CanReadOnlyStudies", r.readOnlyStudies);
                m.put("CanModifyOnlyStudies", r.modifyOnlyStudies);
                m.put("createdOn", r.createdAt.toString());
                m.put("expiresOn", r.expiresAt == null ? null : r.expiresAt.toString());
                m.put("revokedOn", r.revokedAt == null ? null : r.revokedAt.toString());
                out.add(m);
            }
            return WireBodies.response(WireBodies.json(out));
        });
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> page(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.require(authorization);
        return tokens.list().map(list -> html(AdminPage.render(list, null, null, auth.csrfToken())));
    }

    /** The page's create form. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> createFromPage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                        MultivaluedMap<String, String> form) {
        auth.require(authorization);
        if (!auth.csrfToken().equals(form.getFirst(CSRF))) {
            return Uni.createFrom().item(Response.status(403).type("text/plain;charset=utf-8")
                    .entity("stale or forged form: reload the admin page").build());
        }
        MultivaluedMap<String, String> fields = new jakarta.ws.rs.core.MultivaluedHashMap<>();
        form.forEach((k, v) -> {
            boolean emptyRestriction = v.isEmpty() || v.get(0) == null || v.get(0).isBlank();
            if (!(k.equalsIgnoreCase("expiresOn") && emptyRestriction)) {
                fields.put(k, v);
            }
        });
        TokenRequest request;
        try {
            request = TokenRequest.parse(fields, Set.of(CSRF), Instant.now());
        } catch (TokenRequest.Invalid e) {
            return tokens.list().map(list -> Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                    .entity(AdminPage.render(list, null, e.getMessage(), auth.csrfToken())).build());
        }
        return create(request).chain(created -> tokens.list()
                .map(list -> html(AdminPage.render(list, created, null, auth.csrfToken()))));
    }

    @POST
    @Path("Revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revokeFromPage(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                        MultivaluedMap<String, String> form) {
        auth.require(authorization);
        if (!auth.csrfToken().equals(form.getFirst(CSRF))) {
            return Uni.createFrom().item(Response.status(403).type("text/plain;charset=utf-8")
                    .entity("stale or forged form: reload the admin page").build());
        }
        String id = form.getFirst("id");
        if (id == null || id.isBlank()) {
            return Uni.createFrom().item(Problem.of(400, "Bad Request", "Field id is required"));
        }
        return tokens.revokeById(id.trim(), "revoked by the administrator")
                .map(x -> Response.seeOther(URI.create("/Admin/")).build());
    }

    /** Gives a token up: form field {@code token} (or the bearer header). Answers {@code {}}. */
    @POST
    @Path("{giveup: (?i)GiveupToken}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> giveUp(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                MultivaluedMap<String, String> form) {
        String jwt = form == null ? null : form.getFirst("token");
        if ((jwt == null || jwt.isBlank()) && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            jwt = authorization.substring(7);
        }
        if (jwt == null || jwt.isBlank()) {
            return Uni.createFrom().item(Problem.of(400, "Bad Request", "Field token is required"));
        }
        return GiveUp.giveUp(verifier, tokens, jwt, false);
    }

    private Uni<TokenService.CreatedToken> create(TokenRequest r) {
        return tokens.create(r.name(), r.rights(), r.uploadOnlyInFolders(), r.readOnlyStudies(),
                r.modifyOnlyStudies(), r.expiresOn());
    }

    private static Response html(String body) {
        return Response.ok(body, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Cache-Control", "no-store").header("X-Frame-Options", "DENY").build();
    }

    /** Shared by both give-up endpoints. */
    static final class GiveUp {
        /**
         * {@code strict}: a revoked or expired token is refused with 401 like on any API call; otherwise giving up a
         * dead token again is a no-op answering {@code {}}.
         */
        static Uni<Response> giveUp(TokenVerifier verifier, TokenService tokens, String jwt, boolean strict) {
            ApiToken token;
            try {
                token = verifier.verify(jwt);
            } catch (InvalidTokenException e) {
                if (!strict && (e.getMessage().equals("token revoked") || e.getMessage().equals("token expired"))) {
                    return Uni.createFrom().item(WireBodies.emptyObject());
                }
                return Uni.createFrom().item(Response.status(401).header("WWW-Authenticate", "Bearer")
                        .type("text/plain;charset=utf-8").entity(e.getMessage()).build());
            }
            return tokens.revoke(token, "given up").map(x -> WireBodies.emptyObject());
        }

        private GiveUp() {
        }
    }
}
