CREATE SEQUENCE study_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE study (
    id             BIGINT       PRIMARY KEY,
    name           VARCHAR(255) NOT NULL UNIQUE,
    owner_token_id VARCHAR(64),
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    revision       BIGINT       NOT NULL DEFAULT 0
);
