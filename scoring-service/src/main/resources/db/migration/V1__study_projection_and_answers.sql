-- scoring-service's copy of studies (projection of slidescore.study.study-changed.v1) and its own answers.

-- The latest snapshot of each study, as the StudyChanged JSON; replaced only by a newer revision.
CREATE TABLE study_snapshot (
    study_id       BIGINT        PRIMARY KEY,
    name           VARCHAR(1024) NOT NULL,
    owner_token_id VARCHAR(255),
    revision       BIGINT        NOT NULL,
    changed_at     TIMESTAMPTZ,
    snapshot       TEXT          NOT NULL,
    received_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);

-- Which study an image belongs to (calls that name only an image: ASAP export/upload, internal annotations).
CREATE TABLE study_image (
    image_id BIGINT PRIMARY KEY,
    study_id BIGINT NOT NULL
);
CREATE INDEX study_image_study ON study_image (study_id);

-- One answer per (study, image or case, TMA core or none, user, question). Image answers have case_id NULL (the
-- case follows from the image); case-level answers have image_id NULL. Ids of images, questions and cores are
-- study-service's; no foreign keys, because a newer snapshot may drop them (such answers are then not listed).
CREATE TABLE answer (
    id          BIGSERIAL     PRIMARY KEY,
    study_id    BIGINT        NOT NULL,
    image_id    BIGINT,
    case_id     BIGINT,
    tma_core_id BIGINT,
    user_email  VARCHAR(320)  NOT NULL,
    question_id BIGINT        NOT NULL,
    value       TEXT          NOT NULL,
    anno2_uuid  UUID,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    modified_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT answer_has_subject CHECK (image_id IS NOT NULL OR case_id IS NOT NULL)
);
CREATE UNIQUE INDEX answer_identity ON answer (study_id, COALESCE(image_id, 0), COALESCE(case_id, 0),
    COALESCE(tma_core_id, 0), lower(user_email), question_id);
CREATE INDEX answer_modified ON answer (modified_at);
CREATE INDEX answer_image_user ON answer (image_id, lower(user_email));
