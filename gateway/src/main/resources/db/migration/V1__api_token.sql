-- API tokens the gateway minted (the JWT itself is never stored: it is shown once).
CREATE TABLE api_token (
    id                     varchar(64)  PRIMARY KEY,
    name                   varchar(200) NOT NULL,
    rights                 varchar(1000) NOT NULL,
    upload_only_in_folders text         NOT NULL DEFAULT '',
    read_only_studies      text         NOT NULL DEFAULT '',
    modify_only_studies    text         NOT NULL DEFAULT '',
    created_at             timestamptz  NOT NULL,
    expires_at             timestamptz,
    revoked_at             timestamptz,
    revoke_reason          varchar(200)
);
CREATE INDEX api_token_revoked ON api_token (revoked_at) WHERE revoked_at IS NOT NULL;
