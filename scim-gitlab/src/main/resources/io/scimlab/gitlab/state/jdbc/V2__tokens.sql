-- ScimLab state store, version 2: the bridge's own GitLab tokens (see io.scimlab.gitlab.token.TokenStore).
CREATE TABLE IF NOT EXISTS scimlab_tokens (
    name VARCHAR(100) NOT NULL PRIMARY KEY,
    kind VARCHAR(30) NOT NULL,
    token_id BIGINT NOT NULL,
    owner_path VARCHAR(1000),
    owner_user_id BIGINT,
    secret VARCHAR(2000) NOT NULL,
    expires_at VARCHAR(10),
    version BIGINT NOT NULL,
    updated_at VARCHAR(40) NOT NULL
);
