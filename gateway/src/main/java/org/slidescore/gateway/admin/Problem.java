package org.slidescore.gateway.admin;

import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.WireBodies;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 7807 problem details for the gateway's own (non-Slide Score) endpoints. */
final class Problem {
    static Response of(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return Response.status(status).type("application/problem+json").entity(WireBodies.json(body)).build();
    }

    private Problem() {
    }
}
