-- ScimLab state store, version 1: what GitLab cannot hold (see io.scimlab.gitlab.state.StateStore).
-- Portable SQL for PostgreSQL and H2. Every statement is idempotent (IF NOT EXISTS / NOT EXISTS), so a replica
-- that races another one through the same migration does no harm. Timestamps are ISO-8601 text: exact round trips
-- of java.time.Instant on every database.
CREATE TABLE IF NOT EXISTS scimlab_users (
    scim_id VARCHAR(255) NOT NULL PRIMARY KEY,
    gitlab_user_id BIGINT NOT NULL,
    user_name VARCHAR(1000) NOT NULL,
    user_name_lower VARCHAR(1000) NOT NULL,
    external_id VARCHAR(1000),
    active BOOLEAN NOT NULL,
    attributes VARCHAR NOT NULL,
    version BIGINT NOT NULL,
    created_at VARCHAR(40) NOT NULL,
    last_modified VARCHAR(40) NOT NULL
);
CREATE INDEX IF NOT EXISTS scimlab_users_user_name ON scimlab_users (user_name_lower);
CREATE INDEX IF NOT EXISTS scimlab_users_external_id ON scimlab_users (external_id);
CREATE INDEX IF NOT EXISTS scimlab_users_gitlab_id ON scimlab_users (gitlab_user_id);

CREATE TABLE IF NOT EXISTS scimlab_groups (
    scim_id VARCHAR(255) NOT NULL PRIMARY KEY,
    display_name VARCHAR(1000) NOT NULL,
    external_id VARCHAR(1000),
    version BIGINT NOT NULL,
    created_at VARCHAR(40) NOT NULL,
    last_modified VARCHAR(40) NOT NULL
);
CREATE TABLE IF NOT EXISTS scimlab_group_members (
    group_id VARCHAR(255) NOT NULL,
    user_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX IF NOT EXISTS scimlab_group_members_user ON scimlab_group_members (user_id);

CREATE TABLE IF NOT EXISTS scimlab_managed (
    gitlab_user_id BIGINT NOT NULL,
    group_path VARCHAR(1000) NOT NULL,
    access_level INTEGER NOT NULL,
    member_role_id BIGINT,
    expires_at VARCHAR(10),
    PRIMARY KEY (gitlab_user_id, group_path)
);

-- One row per named lock; a writer holds it with SELECT ... FOR UPDATE for the whole SCIM write.
CREATE TABLE IF NOT EXISTS scimlab_locks (
    name VARCHAR(100) NOT NULL PRIMARY KEY
);
INSERT INTO scimlab_locks (name) SELECT 'writes' WHERE NOT EXISTS (SELECT 1 FROM scimlab_locks WHERE name = 'writes');
