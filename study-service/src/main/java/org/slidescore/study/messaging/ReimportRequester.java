package org.slidescore.study.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.slidescore.common.wire.WireException;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.ReimportCompleted;
import org.slidescore.events.ReimportRequested;
import org.slidescore.study.service.StudyEvents;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The API side of Reimport: publishes {@code ReimportRequested} keyed by the study name (so one worker imports a
 * study at a time) and waits, bounded, for the {@code ReimportCompleted} with the same request id.
 */
@ApplicationScoped
public class ReimportRequester {
    private final MutinyEmitter<String> requests;
    private final ReimportReplies replies;
    private final Duration timeout;

    public ReimportRequester(@Channel("reimport-requests-out") MutinyEmitter<String> requests, ReimportReplies replies,
                             @ConfigProperty(name = "slidescore.study.reimport-timeout", defaultValue = "PT2M")
                             Duration timeout) {
        this.requests = requests;
        this.replies = replies;
        this.timeout = timeout;
    }

    public Uni<ReimportCompleted> request(ReimportRequested req) {
        return Uni.createFrom().item(Unchecked.supplier(() -> replies.awaitReady(timeout)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(ready -> {
                    if (!ready) {
                        return Uni.createFrom().failure(new WireException(
                                "Reimport is not available: the message broker cannot be reached"));
                    }
                    var reply = replies.expect(req.requestId());
                    EventEnvelope env = EventEnvelope.of(StudyEvents.PRODUCER,
                            Map.of("studyName", req.studyName(), "requestId", req.requestId()), req);
                    Message<String> msg = Message.of(env.toJson()).addMetadata(
                            OutgoingKafkaRecordMetadata.<String>builder().withKey(req.studyName()).build());
                    return requests.sendMessage(msg)
                            .chain(() -> Uni.createFrom().completionStage(reply))
                            .ifNoItem().after(timeout).failWith(() -> new TimeoutException())
                            .onFailure(TimeoutException.class).transform(e -> {
                                reply.cancel(false);
                                return new WireException("Reimport of " + req.studyName() + " did not answer within "
                                        + timeout.toSeconds() + " s; it may still be running. Call Reimport again "
                                        + "later to see its result.");
                            });
                });
    }
}
