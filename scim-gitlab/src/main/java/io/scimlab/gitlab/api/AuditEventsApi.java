package io.scimlab.gitlab.api;

import java.util.stream.Stream;

/**
 * GitLab's own audit events ({@code /audit_events}); obtain it from {@link GitLabClient#auditEvents()}.
 *
 * <p>Newest first: GitLab pages audit events by keyset only in {@code order_by=id&sort=desc} (its
 * {@code Gitlab::Pagination::CursorBasedKeyset} allows {@code AuditEvent => { id: :desc }} and answers 405 to any
 * other order), so a reader that wants them oldest first collects and reverses a bounded slice.
 */
public final class AuditEventsApi {
    private final Rest rest;

    AuditEventsApi(Rest rest) {
        this.rest = rest;
    }

    /**
     * Instance audit events (admin only), newest first.
     *
     * @return a lazy stream
     */
    public Stream<GitLabAuditEvent> list() {
        return rest.stream(Rest.keysetNewestFirst(rest.url("audit_events")), GitLabJson::auditEvent);
    }

    /**
     * A group's audit events (and its subgroups'), newest first.
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<GitLabAuditEvent> listGroup(GroupRef group) {
        return rest.stream(Rest.keysetNewestFirst(rest.url("groups", group.segment(), "audit_events")),
                GitLabJson::auditEvent);
    }
}
