package io.scimlab.gitlab.api;

import java.util.stream.Stream;

/** GitLab's own audit events ({@code /audit_events}); obtain it from {@link GitLabClient#auditEvents()}. */
public final class AuditEventsApi {
    private final Rest rest;

    AuditEventsApi(Rest rest) {
        this.rest = rest;
    }

    /**
     * Instance audit events (admin only), oldest first.
     *
     * @return a lazy stream
     */
    public Stream<GitLabAuditEvent> list() {
        return rest.stream(Rest.keyset(rest.url("audit_events")), GitLabJson::auditEvent);
    }

    /**
     * A group's audit events, oldest first.
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<GitLabAuditEvent> listGroup(GroupRef group) {
        return rest.stream(Rest.keyset(rest.url("groups", group.segment(), "audit_events")),
                GitLabJson::auditEvent);
    }
}
