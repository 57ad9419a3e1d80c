-- Large annotations ("anno2"): a zip uploaded through tus to anno2/<uuid>.zip, linked to an answer when the upload
-- finishes (seen in slidescore.upload.slide-uploaded.v1). Orphan records (CreateOrphanAnno2) have no study.
CREATE TABLE anno2 (
    uuid         UUID          PRIMARY KEY,
    study_id     BIGINT,
    image_id     BIGINT,
    case_id      BIGINT,
    tma_core_id  BIGINT,
    question_id  BIGINT,
    user_email   VARCHAR(320),
    token_id     VARCHAR(255)  NOT NULL,
    file_path    VARCHAR(1024) NOT NULL,
    file_size    BIGINT,
    sha256       VARCHAR(64),
    created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    uploaded_at  TIMESTAMPTZ
);
CREATE INDEX anno2_study ON anno2 (study_id);
