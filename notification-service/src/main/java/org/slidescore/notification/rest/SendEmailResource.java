package org.slidescore.notification.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slidescore.common.wire.ApiRequest;
import org.slidescore.common.wire.ErrorStyle;
import org.slidescore.common.wire.SlideScoreErrors;
import org.slidescore.common.wire.WireBodies;
import org.slidescore.notification.service.EmailService;

/**
 * {@code POST /Api/SendEmail} ({@code studyId}, {@code to} = {@code ;}-separated addresses, {@code subject},
 * {@code body} with {@code <LINK:caption>} tokens) → {@code {}} once the request is stored for delivery;
 * errors as {@code {"success":false,"log":"..."}}.
 */
@Path("/Api/SendEmail")
@SlideScoreErrors(ErrorStyle.SUCCESS_LOG)
public class SendEmailResource {
    private final ApiRequest api;
    private final EmailService emails;

    public SendEmailResource(ApiRequest api, EmailService emails) {
        this.api = api;
        this.emails = emails;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> send() {
        // to=a;b and to=a&to=b both name two recipients
        String to = String.join(";", api.params("to"));
        if (to.isBlank()) {
            to = api.requiredParam("to");
        }
        var call = new EmailService.SendEmail(api.longParam("studyId"), to, api.requiredParam("subject"),
                api.requiredParam("body"));
        return emails.send(api.token(), call).map(ignored -> WireBodies.emptyObject());
    }
}
