package org.slidescore.upload.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.slidescore.common.wire.WireException;
import org.slidescore.upload.domain.ImagesRoot;
import org.slidescore.upload.service.RequestUploadService;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /internal/upload-tokens}: an upload token for a caller that already authorized the upload
 * (scoring-service for anno2 files). Body {@code {"folder","filename","tokenId"}} → {@code {"token"}}; errors are
 * RFC 7807 problem details.
 */
@Path("/internal/upload-tokens")
public class InternalUploadTokenResource {
    private final RequestUploadService uploads;

    public InternalUploadTokenResource(RequestUploadService uploads) {
        this.uploads = uploads;
    }

    public record TokenRequest(String folder, String filename, String tokenId) {
    }

    public record TokenResponse(String token) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<TokenResponse> issue(TokenRequest body) {
        if (body == null || body.tokenId() == null || body.tokenId().isBlank()) {
            throw new InternalProblem("tokenId is required");
        }
        if (body.filename() == null || body.filename().isBlank()) {
            throw new InternalProblem("filename is required");
        }
        try {
            return uploads.issueInternal(body.folder(), body.filename(), body.tokenId()).map(TokenResponse::new);
        } catch (WireException | ImagesRoot.PathOutsideRootException e) {
            throw new InternalProblem(e.getMessage());
        }
    }

    /** A bad internal request (400). */
    static class InternalProblem extends RuntimeException {
        InternalProblem(String message) {
            super(message, null, false, false);
        }
    }

    @ServerExceptionMapper
    public Response problem(InternalProblem e) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", "Bad Request");
        p.put("status", 400);
        p.put("detail", e.getMessage());
        return Response.status(400).type("application/problem+json").entity(p).build();
    }
}
