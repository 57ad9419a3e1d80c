-- The probe application's own tables: the producer's state (probe_item) and the consumer's effect (received_probe).
CREATE SEQUENCE probe_item_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE probe_item (
    id   BIGINT       PRIMARY KEY,
    name VARCHAR(255) NOT NULL
);

CREATE SEQUENCE received_probe_seq START WITH 1 INCREMENT BY 50;
-- deliberately no unique constraint on event_id: a duplicate effect would show as a second row
CREATE TABLE received_probe (
    id       BIGINT       PRIMARY KEY,
    event_id UUID         NOT NULL,
    name     VARCHAR(255) NOT NULL
);
