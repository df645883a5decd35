-- ScimLab state store, version 5: GitLab writes whose answer the bridge has not seen yet (see
-- io.scimlab.gitlab.state.PendingWrite). A row is written before the request and deleted once GitLab's answer says
-- what happened; a row that stays means the answer was lost, so a retry can recognise the bridge's own write.
-- created_at is fixed-width ISO-8601 UTC text (nine fractional digits), so text order is time order for the
-- expiry query.
CREATE TABLE IF NOT EXISTS scimlab_pending_writes (
    kind VARCHAR(100) NOT NULL,
    write_key VARCHAR(500) NOT NULL,
    created_at VARCHAR(40) NOT NULL,
    correlation_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (kind, write_key)
);
CREATE INDEX IF NOT EXISTS scimlab_pending_writes_created ON scimlab_pending_writes (created_at);
