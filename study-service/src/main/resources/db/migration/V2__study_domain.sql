-- The study domain beyond the skeleton's study table (kept as V1 so databases migrated from it stay valid):
-- study settings, cases, TMA maps and cores, images, questions, study users, what the tile service said about slides.
-- Ids come from per-table sequences with allocation size 50 (Panache default); associations are plain id columns
-- with foreign keys: the import and the snapshot read whole studies at once.

-- study.<name>.config as property -> raw value, in file order (written by StudyConfigFile)
ALTER TABLE study ADD COLUMN properties TEXT NOT NULL DEFAULT '';

CREATE SEQUENCE study_case_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE study_case (
    id          BIGINT        PRIMARY KEY,
    study_id    BIGINT        NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    name        VARCHAR(255)  NOT NULL,
    description TEXT          NOT NULL DEFAULT '',
    UNIQUE (study_id, name)
);

CREATE SEQUENCE tma_map_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE tma_map (
    id        BIGINT       PRIMARY KEY,
    study_id  BIGINT       NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    name      VARCHAR(255) NOT NULL,
    -- header lines "key: value" as in the file (tmas, controls, ignore, force, others kept)
    header    TEXT         NOT NULL DEFAULT '',
    row_count INT          NOT NULL,
    col_count INT          NOT NULL,
    UNIQUE (study_id, name)
);

CREATE SEQUENCE tma_core_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE tma_core (
    id        BIGINT       PRIMARY KEY,
    map_id    BIGINT       NOT NULL REFERENCES tma_map (id) ON DELETE CASCADE,
    row_index INT          NOT NULL,
    col_index INT          NOT NULL,
    sample_id VARCHAR(255) NOT NULL,
    control   BOOLEAN      NOT NULL DEFAULT FALSE,
    ignored   BOOLEAN      NOT NULL DEFAULT FALSE,
    UNIQUE (map_id, row_index, col_index)
);

CREATE SEQUENCE image_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE image (
    id           BIGINT        PRIMARY KEY,
    study_id     BIGINT        NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    name         VARCHAR(255)  NOT NULL,
    -- relative to the images root, '/' separators
    path         VARCHAR(2048) NOT NULL,
    file_size    BIGINT        NOT NULL DEFAULT 0,
    case_id      BIGINT        REFERENCES study_case (id) ON DELETE SET NULL,
    tma_map_name VARCHAR(255),
    rotation     INT,
    description  TEXT          NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    UNIQUE (study_id, path)
);
CREATE INDEX image_case ON image (case_id);

CREATE SEQUENCE question_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE question (
    id          BIGINT        PRIMARY KEY,
    study_id    BIGINT        NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    name        VARCHAR(1000) NOT NULL,
    -- one of the 20 type names (FreeText ... AnnoShapes)
    type        VARCHAR(32)   NOT NULL,
    config      TEXT          NOT NULL DEFAULT '',
    sort_order  INT           NOT NULL,
    UNIQUE (study_id, name)
);

CREATE SEQUENCE study_user_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE study_user (
    id             BIGINT       PRIMARY KEY,
    study_id       BIGINT       NOT NULL REFERENCES study (id) ON DELETE CASCADE,
    email          VARCHAR(254) NOT NULL,
    view_only      BOOLEAN      NOT NULL DEFAULT FALSE,
    can_score      BOOLEAN      NOT NULL DEFAULT FALSE,
    can_get_results BOOLEAN     NOT NULL DEFAULT FALSE,
    can_edit       BOOLEAN      NOT NULL DEFAULT FALSE,
    UNIQUE (study_id, email)
);

-- What the tile service said about a slide file (from slide-inspected events or a synchronous inspect call).
CREATE TABLE slide_inspection (
    path         VARCHAR(2048) PRIMARY KEY,
    readable     BOOLEAN       NOT NULL,
    format       VARCHAR(64),
    error        TEXT,
    inspected_at TIMESTAMPTZ   NOT NULL DEFAULT now()
);
