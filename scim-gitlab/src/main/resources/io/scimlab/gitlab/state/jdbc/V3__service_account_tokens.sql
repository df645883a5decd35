-- ScimLab state store, version 3: the service-account tokens the bridge issued (see
-- io.scimlab.gitlab.serviceaccount.ServiceAccountTokenStore): ids, scopes and dates only, never a token value.
-- expires_at is an ISO-8601 date (fixed width), so text order is date order for rotateAllDue's query.
CREATE TABLE IF NOT EXISTS scimlab_service_account_tokens (
    token_id BIGINT NOT NULL PRIMARY KEY,
    scim_user_id VARCHAR(255) NOT NULL,
    gitlab_user_id BIGINT NOT NULL,
    name VARCHAR(1000) NOT NULL,
    scopes VARCHAR(4000) NOT NULL,
    expires_at VARCHAR(10) NOT NULL,
    issued_at VARCHAR(40) NOT NULL
);
CREATE INDEX IF NOT EXISTS scimlab_sa_tokens_user ON scimlab_service_account_tokens (scim_user_id);
CREATE INDEX IF NOT EXISTS scimlab_sa_tokens_expires ON scimlab_service_account_tokens (expires_at);
