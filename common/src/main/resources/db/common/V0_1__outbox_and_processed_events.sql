-- Shipped by the common module into every service's database (Flyway location db/common).
-- Versions 0.x belong to common; each service's own migrations start at V1.

-- Transactional outbox: written in the same transaction as the state change (Outbox.publish), relayed to Kafka in
-- id order by OutboxRelay, which sets sent_at once the broker acknowledged the record.
CREATE TABLE outbox_event (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID         NOT NULL UNIQUE,
    topic        VARCHAR(249) NOT NULL,
    event_key    VARCHAR(1024),
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at      TIMESTAMPTZ,
    -- set when the broker refused the record for good (e.g. too large); such a row is skipped and kept for an operator
    failed_at    TIMESTAMPTZ,
    attempts     INT          NOT NULL DEFAULT 0,
    last_error   TEXT
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_event_sent_at ON outbox_event (sent_at) WHERE sent_at IS NOT NULL;

-- Wakes the relay (LISTEN slidescore_outbox) as soon as a transaction that wrote outbox rows commits; PostgreSQL
-- delivers notifications only on commit, and never for a rolled-back transaction.
CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('slidescore_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_event_inserted AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();

-- Idempotent consumers: an event id is recorded in the same transaction as its effect.
CREATE TABLE processed_event (
    consumer     VARCHAR(255) NOT NULL,
    event_id     UUID         NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
