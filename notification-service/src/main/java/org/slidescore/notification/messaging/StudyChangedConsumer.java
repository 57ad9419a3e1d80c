package org.slidescore.notification.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.slidescore.common.messaging.IdempotentConsumer;
import org.slidescore.events.StudyChanged;
import org.slidescore.notification.service.StudyDirectory;

/** Keeps the projection of studies and their users: the latest snapshot per study; a tombstone forgets the study. */
@ApplicationScoped
public class StudyChangedConsumer {
    static final String CONSUMER = "notification-study-projection";

    private final IdempotentConsumer idempotent;
    private final StudyDirectory studies;

    public StudyChangedConsumer(IdempotentConsumer idempotent, StudyDirectory studies) {
        this.idempotent = idempotent;
        this.studies = studies;
    }

    @Incoming("study-changed-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            long studyId;
            try {
                studyId = Long.parseLong(record.key());
            } catch (NumberFormatException e) {
                Log.warnf("study-changed tombstone with key '%s' ignored: not a study id", record.key());
                return Uni.createFrom().voidItem();
            }
            Log.infof("study %d deleted: forgetting its users", studyId);
            return studies.forget(studyId);
        }
        return idempotent.handle(CONSUMER, record.value(),
                envelope -> studies.apply(envelope.dataAs(StudyChanged.class)));
    }
}
