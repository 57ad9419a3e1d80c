package org.slidescore.scoring.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.outbox.Outbox;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.ScoresSubmitted;
import org.slidescore.events.Topics;
import org.slidescore.scoring.domain.ResolvedAnswer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Publishes {@link ScoresSubmitted} through the outbox, in the transaction that stored the answers. */
@ApplicationScoped
public class ScoresSubmittedEvents {
    static final String PRODUCER = "scoring-service";

    private final Outbox outbox;
    private final io.micrometer.core.instrument.MeterRegistry registry;

    public ScoresSubmittedEvents(Outbox outbox, io.micrometer.core.instrument.MeterRegistry registry) {
        this.outbox = outbox;
        this.registry = registry;
    }

    public Uni<Void> publish(long studyId, String tokenId, String source, List<ResolvedAnswer> answers) {
        List<String> users = answers.stream().map(ResolvedAnswer::userEmail)
                .map(e -> e.toLowerCase(java.util.Locale.ROOT)).distinct().sorted().limit(1000).toList();
        ScoresSubmitted event = new ScoresSubmitted(studyId, tokenId, source, answers.size(), users, Instant.now());
        return outbox.publish(Topics.SCORES_SUBMITTED, Long.toString(studyId),
                        EventEnvelope.of(PRODUCER, Map.of("studyId", Long.toString(studyId)), event))
                // slidescore.scores.stored{source}: answers created or changed (counted once the event row is written
                // in the storing transaction)
                .invoke(() -> io.micrometer.core.instrument.Counter.builder("slidescore.scores.stored")
                        .description("answers created or changed").tag("source", source).register(registry)
                        .increment(answers.size()));
    }
}
