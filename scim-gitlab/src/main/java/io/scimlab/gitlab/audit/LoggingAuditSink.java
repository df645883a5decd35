package io.scimlab.gitlab.audit;

import java.util.Objects;

/**
 * Writes each event as one JSON line to a {@link System.Logger}, so it lands in whatever logging backend the
 * application routes {@code System.Logger} to (java.util.logging by default, SLF4J or Log4j with their bridges).
 */
public final class LoggingAuditSink implements AuditSink {
    private final System.Logger logger;

    /**
     * A sink writing to this logger.
     *
     * @param logger the logger
     */
    public LoggingAuditSink(System.Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    @Override
    public void record(AuditEvent event) {
        System.Logger.Level level = event.outcome() == AuditEvent.Outcome.FAILURE ? System.Logger.Level.WARNING
                : System.Logger.Level.INFO;
        if (logger.isLoggable(level)) {
            logger.log(level, event.toJson().toString());
        }
    }

    @Override
    public String toString() {
        return "LoggingAuditSink[" + logger.getName() + "]";
    }
}
