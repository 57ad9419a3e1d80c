package org.slidescore.notification.domain;

/** Where one recipient's message stands. */
public enum DeliveryStatus {
    /** Accepted; waiting for its event to be consumed or for the next retry. */
    QUEUED,
    /** Claimed by a sender; if the sender dies the claim runs out and the delivery is tried again. */
    SENDING,
    SENT,
    /** Refused for good by the SMTP server, or retries exhausted; the reason is kept. */
    FAILED;

    public boolean isFinal() {
        return this == SENT || this == FAILED;
    }
}
