package org.slidescore.common.outbox;

import java.util.UUID;

/** One unsent outbox row as the relay reads it. */
record OutboxRow(long id, UUID eventId, String topic, String key, String payload) {
}
