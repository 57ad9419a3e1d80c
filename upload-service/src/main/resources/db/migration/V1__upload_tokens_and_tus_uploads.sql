-- Upload tokens handed out by RequestUpload (and /internal/upload-tokens): where the file will go and who asked.
CREATE TABLE upload_token (
    token        VARCHAR(64)  PRIMARY KEY,
    folder       TEXT         NOT NULL,            -- relative to the images root, '/' separators, '' = the root
    file_name    TEXT         NOT NULL,
    api_token_id VARCHAR(255) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX upload_token_expires ON upload_token (expires_at);

-- tus uploads. The bytes live in the staging dir as <id>; this row is the truth about the offset.
-- The lock is a lease (lock_owner, lock_until) so that it works across replicas and survives a crashed holder;
-- release_requested asks the holder (on whichever replica) to stop its PATCH and let a newer request take over.
CREATE TABLE tus_upload (
    id                VARCHAR(64)  PRIMARY KEY,
    upload_token      VARCHAR(64)  NOT NULL,
    api_token_id      VARCHAR(255) NOT NULL,
    upload_length     BIGINT,                        -- null while the length is deferred
    upload_offset     BIGINT       NOT NULL DEFAULT 0,
    metadata          TEXT,                          -- Upload-Metadata exactly as sent
    state             VARCHAR(16)  NOT NULL DEFAULT 'ACTIVE', -- ACTIVE, FINISHED, TERMINATED, EXPIRED
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at        TIMESTAMPTZ  NOT NULL,
    lock_owner        VARCHAR(64),
    lock_until        TIMESTAMPTZ,
    lock_checksum     BOOLEAN      NOT NULL DEFAULT false, -- the holder's chunk may still be rolled back
    release_requested BOOLEAN      NOT NULL DEFAULT false,
    finished_path     TEXT,
    sha256            VARCHAR(64),
    finished_at       TIMESTAMPTZ,
    CONSTRAINT tus_upload_offset_in_length CHECK (upload_length IS NULL OR upload_offset <= upload_length)
);
CREATE INDEX tus_upload_token ON tus_upload (upload_token);
CREATE INDEX tus_upload_state_expires ON tus_upload (state, expires_at);
