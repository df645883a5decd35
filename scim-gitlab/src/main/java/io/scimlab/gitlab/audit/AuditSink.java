package io.scimlab.gitlab.audit;

/**
 * Receives one {@link AuditEvent} per GitLab change. Called on the provisioning thread right after the GitLab
 * call, so implementations should be quick (hand off to a queue for slow storage) and thread-safe; an exception
 * thrown here is logged and swallowed, never undoing the GitLab change.
 */
@FunctionalInterface
public interface AuditSink {
    /**
     * Records an event.
     *
     * @param event the event
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
