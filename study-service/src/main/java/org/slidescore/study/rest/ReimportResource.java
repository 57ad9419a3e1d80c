package org.slidescore.study.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.common.wire.WireException;
import org.slidescore.events.ReimportRequested;
import org.slidescore.study.config.StudyFiles;
import org.slidescore.study.domain.Study;
import org.slidescore.study.messaging.ReimportRequester;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /Api/Reimport} ({@code studyName}, {@code ignoreImageErrors}): needs {@code CanReimportStudies}, and
 * modify access to the study when it exists. Answers {@code {"success":true,"id":n,"log":"..."}}; a refused or
 * failed import answers a bare JSON string (refusals) or {@code {"success":false,"log":...}} (the import's own log).
 */
@Path("/Api/Reimport")
@SlideScoreErrors(ErrorStyle.BARE_STRING)
public class ReimportResource {
    private final ApiRequest api;
    private final ReimportRequester requester;

    public ReimportResource(ApiRequest api, ReimportRequester requester) {
        this.api = api;
        this.requester = requester;
    }

    @POST
    public Uni<Response> reimport() {
        ApiToken token = api.token();
        token.requireRight(Right.CanReimportStudies);
        String name = api.requiredParam("studyName").trim();
        String bad = StudyFiles.checkStudyName(name);
        if (bad != null) {
            throw new WireException(bad);
        }
        boolean ignoreImageErrors = api.boolParam("ignoreImageErrors", false);
        return Panache.withSession(() -> Study.<Study>find("name", name).firstResult())
                .chain(existing -> {
                    if (existing != null) {
                        token.requireCanModify(existing.id, existing.name);
                    } else if (!token.canModify(-1, name)) {
                        // a study that does not exist yet can only be created by a token not limited to others
                        throw new WireException("This API token may not create study " + name);
                    }
                    return requester.request(new ReimportRequested(UUID.randomUUID().toString(), name,
                            ignoreImageErrors, token.id(), token.name()));
                })
                .map(done -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("success", done.success());
                    if (done.success()) {
                        body.put("id", done.studyId());
                    }
                    body.put("log", done.log());
                    return WireBodies.response(WireBodies.json(body));
                });
    }
}
