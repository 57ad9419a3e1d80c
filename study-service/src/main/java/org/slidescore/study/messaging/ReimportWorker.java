package org.slidescore.study.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.ReimportCompleted;
import org.slidescore.events.ReimportRequested;
import org.slidescore.study.service.ImportService;
import org.slidescore.study.service.StudyEvents;

import java.util.Map;

/**
 * The worker side of Reimport. All replicas share one consumer group, and requests are keyed by study name, so the
 * requests of one study land on one partition and are imported one after the other by one worker. The answer goes
 * straight to the reply topic (also for a failed import, where there is no transaction to put it in).
 */
@ApplicationScoped
public class ReimportWorker {
    private final ImportService imports;
    private final MutinyEmitter<String> replies;
    private final io.micrometer.core.instrument.MeterRegistry registry;

    public ReimportWorker(ImportService imports, @Channel("reimport-replies-out") MutinyEmitter<String> replies,
                          io.micrometer.core.instrument.MeterRegistry registry) {
        this.imports = imports;
        this.replies = replies;
        this.registry = registry;
    }

    /** {@code slidescore.reimport.duration{outcome=success|failure}}: import worker time per Reimport. */
    private void timed(io.micrometer.core.instrument.Timer.Sample sample, boolean success) {
        sample.stop(io.micrometer.core.instrument.Timer.builder("slidescore.reimport.duration")
                .description("import worker time per Reimport").tag("outcome", success ? "success" : "failure")
                .register(registry));
    }

    @Incoming("reimport-requests-in")
    public Uni<Void> onRequest(String json) {
        ReimportRequested req;
        try {
            req = EventEnvelope.fromJson(json).dataAs(ReimportRequested.class);
        } catch (RuntimeException e) {
            Log.warnf("ignored an unreadable Reimport request: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        Log.infof("Reimport %s of study %s requested by token %s", req.requestId(), req.studyName(), req.tokenId());
        io.micrometer.core.instrument.Timer.Sample sample = io.micrometer.core.instrument.Timer.start(registry);
        return imports.reimport(req)
                .onItemOrFailure().invoke((done, failure) -> timed(sample, failure == null && done.success()))
                .chain(this::reply);
    }

    private Uni<Void> reply(ReimportCompleted done) {
        Log.infof("Reimport %s of study %s: %s", done.requestId(), done.studyName(),
                done.success() ? "done, study id " + done.studyId() : "failed");
        String key = done.studyName() == null ? "" : done.studyName();
        EventEnvelope env = EventEnvelope.of(StudyEvents.PRODUCER,
                Map.of("studyName", key, "requestId", String.valueOf(done.requestId())), done);
        return replies.sendMessage(Message.of(env.toJson())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
