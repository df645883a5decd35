-- ScimLab state store, version 6: memberships the bridge manages in GitLab projects as well as groups, and nested
-- SCIM groups (a group whose members include other groups).
-- A marker's kind: 'group' or 'project'. GitLab's groups and projects share one namespace of full paths, so
-- (gitlab_user_id, group_path) stays the key; existing markers are group memberships.
ALTER TABLE scimlab_managed ADD COLUMN IF NOT EXISTS source_kind VARCHAR(10) DEFAULT 'group' NOT NULL;

-- The member groups of each group; the index on member_group_id finds a group's parents.
CREATE TABLE IF NOT EXISTS scimlab_group_groups (
    group_id VARCHAR(255) NOT NULL,
    member_group_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (group_id, member_group_id)
);
CREATE INDEX IF NOT EXISTS scimlab_group_groups_member ON scimlab_group_groups (member_group_id);
