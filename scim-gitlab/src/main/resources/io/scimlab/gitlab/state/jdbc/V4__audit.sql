-- ScimLab state store, version 4: the audit trail (see io.scimlab.gitlab.audit.AuditStore). Append-only: the
-- library only inserts events and moves each trail's head; grant the application role INSERT and SELECT on
-- scimlab_audit_events and scimlab_audit_subjects (no UPDATE, no DELETE) to make that a rule of the database too.
-- Events are numbered per trail without gaps (seq) and each carries the SHA-256 chain hash of its canonical form
-- (io.scimlab.gitlab.audit.AuditChain, version format_version). event_time is that form's fixed-width UTC text, so
-- text order is time order.
CREATE TABLE IF NOT EXISTS scimlab_audit_events (
    trail VARCHAR(100) NOT NULL,
    seq BIGINT NOT NULL,
    format_version INTEGER NOT NULL,
    event_time VARCHAR(40) NOT NULL,
    correlation_id VARCHAR NOT NULL,
    principal VARCHAR NOT NULL,
    operation VARCHAR NOT NULL,
    method VARCHAR(20) NOT NULL,
    path VARCHAR NOT NULL,
    before_state VARCHAR,
    after_state VARCHAR,
    outcome VARCHAR(20) NOT NULL,
    detail VARCHAR,
    scim_group_id VARCHAR,
    gitlab_path VARCHAR,
    hash VARCHAR(64) NOT NULL,
    PRIMARY KEY (trail, seq)
);
CREATE INDEX IF NOT EXISTS scimlab_audit_events_correlation ON scimlab_audit_events (trail, correlation_id, seq);
CREATE INDEX IF NOT EXISTS scimlab_audit_events_principal ON scimlab_audit_events (trail, principal, seq);
CREATE INDEX IF NOT EXISTS scimlab_audit_events_group ON scimlab_audit_events (trail, scim_group_id, seq);
CREATE INDEX IF NOT EXISTS scimlab_audit_events_path ON scimlab_audit_events (trail, gitlab_path, seq);
CREATE INDEX IF NOT EXISTS scimlab_audit_events_time ON scimlab_audit_events (trail, event_time);

-- The users an event names, in order: kind U a SCIM user id, kind G a GitLab user id (decimal). Part of the hashed
-- event, so an edited or deleted row here breaks the chain like an edit of the event itself.
CREATE TABLE IF NOT EXISTS scimlab_audit_subjects (
    trail VARCHAR(100) NOT NULL,
    seq BIGINT NOT NULL,
    kind VARCHAR(1) NOT NULL,
    pos INTEGER NOT NULL,
    subject VARCHAR NOT NULL,
    PRIMARY KEY (trail, seq, kind, pos)
);
CREATE INDEX IF NOT EXISTS scimlab_audit_subjects_subject ON scimlab_audit_subjects (trail, kind, subject, seq);

-- Each trail's last sequence number and hash. Appenders lock this row (SELECT ... FOR UPDATE), so replicas
-- appending at once still build one gap-free chain; verify() compares the chain's end with it.
CREATE TABLE IF NOT EXISTS scimlab_audit_heads (
    trail VARCHAR(100) NOT NULL PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash VARCHAR(64) NOT NULL
);
