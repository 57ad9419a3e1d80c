package org.slidescore.gateway.admin;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.auth.InvalidTokenException;
import org.slidescore.common.auth.JwtTokenReader;
import org.slidescore.common.auth.TokenVerifier;
import org.slidescore.gateway.token.TokenService;

/**
 * {@code POST /Api/GiveUpToken} with the bearer token itself (the SDK's webhook examples call it with an empty form
 * body when they are done): revokes it everywhere and answers {@code {}}.
 */
@Path("/{api: (?i)api}/{method: (?i)giveuptoken}")
public class GiveUpTokenResource {
    private final TokenVerifier verifier;
    private final TokenService tokens;

    public GiveUpTokenResource(TokenVerifier verifier, TokenService tokens) {
        this.verifier = verifier;
        this.tokens = tokens;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> post(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String jwt;
        try {
            jwt = JwtTokenReader.bearer(authorization);
        } catch (InvalidTokenException e) {
            return Uni.createFrom().item(Response.status(401).header("WWW-Authenticate", "Bearer")
                    .type("text/plain;charset=utf-8").entity(e.getMessage()).build());
        }
        return AdminResource.GiveUp.giveUp(verifier, tokens, jwt, true);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return post(authorization);
    }
}
