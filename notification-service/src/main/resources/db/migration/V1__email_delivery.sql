-- notification-service: accepted SendEmail requests, one delivery per recipient, and the projection of study users.

-- A validated SendEmail request; the body is stored with its <LINK:...> tokens already resolved.
CREATE TABLE email_request (
    id          UUID          PRIMARY KEY,
    event_id    UUID          NOT NULL UNIQUE,
    study_id    BIGINT        NOT NULL,
    token_id    VARCHAR(255),
    sender      VARCHAR(320)  NOT NULL,
    subject     VARCHAR(1000) NOT NULL,
    body        TEXT          NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL
);

-- One row per (event, recipient): the unit of sending, retrying and idempotency.
-- status: QUEUED (waiting for its event or for a retry), SENDING (claimed by a sender until next_attempt_at),
-- SENT, FAILED (permanent SMTP refusal or retries exhausted; last_error holds the reason).
CREATE TABLE email_delivery (
    id              BIGSERIAL     PRIMARY KEY,
    request_id      UUID          NOT NULL,
    event_id        UUID          NOT NULL,
    study_id        BIGINT        NOT NULL,
    recipient       VARCHAR(320)  NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_error      TEXT,
    queued_at       TIMESTAMPTZ   NOT NULL,
    sent_at         TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ   NOT NULL,
    CONSTRAINT email_delivery_once UNIQUE (event_id, recipient),
    CONSTRAINT email_delivery_status CHECK (status IN ('QUEUED', 'SENDING', 'SENT', 'FAILED'))
);
CREATE INDEX email_delivery_due ON email_delivery (next_attempt_at) WHERE status IN ('QUEUED', 'SENDING');
CREATE INDEX email_delivery_study ON email_delivery (study_id, updated_at);

-- Projection of slidescore.study.study-changed.v1: which studies exist and who their users are.
CREATE TABLE known_study (
    study_id    BIGINT        PRIMARY KEY,
    name        VARCHAR(1024) NOT NULL,
    revision    BIGINT        NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL
);

CREATE TABLE study_member (
    study_id    BIGINT        NOT NULL REFERENCES known_study (study_id) ON DELETE CASCADE,
    email       VARCHAR(320)  NOT NULL,   -- lower case
    rights      VARCHAR(255)  NOT NULL,   -- comma-separated: viewonly, canscore, cangetresults, canedit
    PRIMARY KEY (study_id, email)
);
