package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditSink;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs each GitLab change and writes its audit event, success or failure, so the audit log accounts for every
 * call that may have changed GitLab.
 */
final class Calls {
    private static final System.Logger LOG = System.getLogger(Calls.class.getName());

    private final AuditSink sink;
    private final Clock clock;

    Calls(AuditSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** The SCIM side of a change: who asked, and for which operation. */
    record Op(RequestContext context, String operation) {
    }

    /** Runs a change; a GitLab failure is audited and rethrown as it is. */
    <T> T raw(Op op, String method, String path, String before, String after, Supplier<T> action) {
        try {
            T result = action.get();
            record(op, method, path, before, after, AuditEvent.Outcome.SUCCESS, null);
            return result;
        } catch (GitLabException e) {
            record(op, method, path, before, after, AuditEvent.Outcome.FAILURE, Errors.message(e));
            throw e;
        }
    }

    /** Runs a change; a GitLab failure is audited and turned into a {@link ScimException}. */
    <T> T run(Op op, String method, String path, String before, String after, Supplier<T> action) {
        try {
            return raw(op, method, path, before, after, action);
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    void record(Op op, String method, String path, String before, String after, AuditEvent.Outcome outcome,
            @Nullable String detail) {
        AuditEvent event = new AuditEvent(clock.instant(), op.context().correlationId(), op.context().principal(),
                op.operation(), method, path, text(before), text(after), outcome, Optional.ofNullable(detail));
        try {
            sink.record(event);
        } catch (RuntimeException e) {
            // The change is already in GitLab: a broken sink must not turn it into an error the IdP retries.
            LOG.log(System.Logger.Level.ERROR, "audit sink failed", e);
        }
    }

    private static Optional<String> text(@Nullable String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
