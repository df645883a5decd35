package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One of GitLab's own audit events, as {@code GET /audit_events} returns it (not ScimLab's audit trail:
 * see {@code io.scimlab.gitlab.audit.AuditEvent}).
 *
 * @param id         the event id
 * @param authorId   who acted
 * @param entityId   what was acted on
 * @param entityType its type, e.g. {@code User} or {@code Group}
 * @param eventName  GitLab's event name, when present
 * @param details    GitLab's free-form details object
 * @param createdAt  when
 */
public record GitLabAuditEvent(long id, long authorId, long entityId, String entityType, Optional<String> eventName,
        JsonNode details, Optional<Instant> createdAt) {
    /**
     * Copies the details so the record stays immutable.
     *
     * @param id         id
     * @param authorId   author
     * @param entityId   entity
     * @param entityType type
     * @param eventName  name
     * @param details    details
     * @param createdAt  time
     */
    public GitLabAuditEvent {
        details = details.deepCopy();
    }

    /**
     * A copy of the details, so callers cannot change this event.
     *
     * @return the details
     */
    @Override
    public JsonNode details() {
        return details.deepCopy();
    }
}
