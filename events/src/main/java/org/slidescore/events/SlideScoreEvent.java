package org.slidescore.events;

/** Every event record names its type and major version; both go into the envelope. */
public interface SlideScoreEvent {
    /** The type name in the envelope, e.g. {@code SlideUploaded}. */
    default String eventType() {
        return getClass().getSimpleName();
    }

    /** The major version, which is also the {@code .v<n>} suffix of its topic. */
    default int eventVersion() {
        return 1;
    }
}
