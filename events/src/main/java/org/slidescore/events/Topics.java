package org.slidescore.events;

/** Kafka topic names: {@code slidescore.<producer>.<event>.v<major>}. A breaking change gets a new {@code .v2} topic. */
public final class Topics {
    public static final String SLIDE_UPLOADED = "slidescore.upload.slide-uploaded.v1";
    public static final String REIMPORT_REQUESTED = "slidescore.study.reimport-requested.v1";
    public static final String REIMPORT_COMPLETED = "slidescore.study.reimport-completed.v1";
    /** Compacted: the latest snapshot per study id. */
    public static final String STUDY_CHANGED = "slidescore.study.study-changed.v1";
    public static final String SLIDE_INSPECTED = "slidescore.tile.slide-inspected.v1";
    public static final String SCORES_SUBMITTED = "slidescore.scoring.scores-submitted.v1";
    public static final String EMAIL_REQUESTED = "slidescore.notification.email-requested.v1";
    /** Compacted: one record per revoked token id. */
    public static final String TOKEN_REVOKED = "slidescore.gateway.token-revoked.v1";

    public static final String DLQ_SUFFIX = ".dlq";

    public static final java.util.List<String> ALL = java.util.List.of(SLIDE_UPLOADED, REIMPORT_REQUESTED,
            REIMPORT_COMPLETED, STUDY_CHANGED, SLIDE_INSPECTED, SCORES_SUBMITTED, EMAIL_REQUESTED, TOKEN_REVOKED);

    public static final java.util.Set<String> COMPACTED = java.util.Set.of(STUDY_CHANGED, TOKEN_REVOKED);

    /** The dead-letter topic of a topic: {@code <topic>.dlq}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    private Topics() {
    }
}
