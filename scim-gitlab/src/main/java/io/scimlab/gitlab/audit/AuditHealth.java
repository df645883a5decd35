package io.scimlab.gitlab.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the delivery of audit events to a sink has gone (see {@code GitLabBridge.auditHealth()}): for alerting, since
 * a GitLab change whose event the sink refused is still made (it already happened in GitLab) and the event is only
 * in the application's error log.
 *
 * @param recorded            events the sink accepted
 * @param failed              events the sink refused (each logged at ERROR with its JSON)
 * @param consecutiveFailures refusals since the last accepted event
 * @param lastFailure         when the sink last refused an event
 */
public record AuditHealth(long recorded, long failed, long consecutiveFailures, Optional<Instant> lastFailure) {
    /**
     * Checks the components.
     *
     * @param recorded            recorded
     * @param failed              failed
     * @param consecutiveFailures consecutive failures
     * @param lastFailure         last failure
     */
    public AuditHealth {
        Objects.requireNonNull(lastFailure, "lastFailure");
    }

    /**
     * Whether the last event reached the sink (true before the first event).
     *
     * @return true when the sink accepted the latest event
     */
    public boolean healthy() {
        return consecutiveFailures == 0;
    }
}
