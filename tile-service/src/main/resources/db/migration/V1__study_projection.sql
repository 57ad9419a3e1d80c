-- tile-service's projection of study-service's studies: only what pixel access needs (image id -> file path,
-- study for the read rights). Replaced per study from slidescore.study.study-changed.v1 snapshots.
CREATE TABLE projected_study (
    study_id BIGINT PRIMARY KEY,
    name     VARCHAR(1024) NOT NULL,
    revision BIGINT        NOT NULL
);

CREATE TABLE projected_image (
    image_id   BIGINT PRIMARY KEY,
    study_id   BIGINT         NOT NULL REFERENCES projected_study (study_id) ON DELETE CASCADE,
    name       VARCHAR(1024)  NOT NULL,
    path       VARCHAR(4096)  NOT NULL,
    file_size  BIGINT         NOT NULL
);

CREATE INDEX projected_image_study ON projected_image (study_id);
