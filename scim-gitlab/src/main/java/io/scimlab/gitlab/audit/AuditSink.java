package io.scimlab.gitlab.audit;

/**
 * Receives one {@link AuditEvent} per GitLab change. Called on the provisioning thread right after the GitLab
 * call, before the SCIM request answers, so implementations should be quick and thread-safe.
 *
 * <p>An exception thrown here does not fail the SCIM request: the GitLab change has already happened and cannot
 * be undone, and an error would only make the IdP retry it. The bridge logs the event instead, once, at ERROR with
 * its JSON (logger {@code io.scimlab.gitlab.provision.AuditTrail}), so it is not lost, and counts it in
 * {@code GitLabBridge.auditHealth()} for alerting.
 */
@FunctionalInterface
public interface AuditSink {
    /**
     * Records an event.
     *
     * @param event the event
     * @throws RuntimeException when the event cannot be recorded (see the class comment for what the bridge does)
     */
    void record(AuditEvent event);

    /**
     * The default sink: one JSON line per event through {@link System.Logger} {@code io.scimlab.audit} at INFO
     * (failures at WARNING).
     *
     * @return the sink
     */
    static AuditSink logging() {
        return new LoggingAuditSink(System.getLogger("io.scimlab.audit"));
    }

    /**
     * A sink that drops everything.
     *
     * @return the sink
     */
    static AuditSink none() {
        return event -> {
        };
    }
}
