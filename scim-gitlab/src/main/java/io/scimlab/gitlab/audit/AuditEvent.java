package io.scimlab.gitlab.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change the bridge made (or tried to make) in GitLab.
 *
 * @param time          when the call finished
 * @param correlationId the SCIM request's correlation id (or the reconcile run's)
 * @param principal     who asked: the SCIM client, or the reconciler
 * @param operation     the SCIM operation, e.g. {@code PATCH /Groups/abc} or {@code reconcile}
 * @param method        the HTTP method of the GitLab request, as the client sent it
 * @param path          the encoded path of that request, as the client sent it (see
 *                      {@link io.scimlab.gitlab.api.GitLabCall#path()}); never a query string or secret
 * @param before        the state before, as short text (e.g. {@code state=active}), empty when none
 * @param after         the state after, as short text, empty when none
 * @param outcome       what happened
 * @param detail        the error for a failure (GitLab's message, never a token)
 */
public record AuditEvent(Instant time, String correlationId, String principal, String operation, String method,
        String path, Optional<String> before, Optional<String> after, Outcome outcome, Optional<String> detail) {
    /** How a GitLab call ended. */
    public enum Outcome {
        /** GitLab holds the change. */
        SUCCESS,
        /** GitLab already held it: nothing changed (e.g. blocking a blocked user). */
        NO_CHANGE,
        /** The call failed; the SCIM client gets an error and retries. */
        FAILURE
    }

    /**
     * Checks the components.
     *
     * @param time          time
     * @param correlationId correlation id
     * @param principal     principal
     * @param operation     SCIM operation
     * @param method        method
     * @param path          path
     * @param before        before
     * @param after         after
     * @param outcome       outcome
     * @param detail        detail
     */
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * The event as one JSON object (the line format of {@link AuditSink#logging()}).
     *
     * @return the JSON
     */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("time", time.toString()).put("correlationId", correlationId).put("principal", principal)
                .put("operation", operation).put("method", method).put("path", path);
        before.ifPresent(b -> n.put("before", b));
        after.ifPresent(a -> n.put("after", a));
        n.put("outcome", outcome.name());
        detail.ifPresent(d -> n.put("detail", d));
        return n;
    }
}
