package io.scimlab.gitlab.provision;

import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.GitLabCall;
import io.scimlab.gitlab.api.GitLabCallListener;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditSink;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The bridge's audit trail: one {@link AuditEvent} per GitLab write, success or failure, so the audit log accounts
 * for every call that may have changed GitLab.
 *
 * <p>The method and path of each event are the ones the client really sent: this trail listens to the bridge's
 * clients ({@link GitLabCallListener}) and keeps, per thread, the last write request that ended; {@link #run}
 * clears it, runs the change and records the request the change sent (for a retried request: its last attempt).
 * The provision layer adds what the transport cannot know: correlation id, principal, SCIM operation, before and
 * after.
 */
final class AuditTrail implements GitLabCallListener {
    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());

    private final AuditSink sink;
    private final Clock clock;
    private final ThreadLocal<@Nullable GitLabCall> lastWrite = new ThreadLocal<>();

    AuditTrail(AuditSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** The SCIM side of a change: who asked, and for which operation. */
    record Op(RequestContext context, String operation) {
    }

    @Override
    public void callEnded(GitLabCall call) {
        if (call.isWrite()) {
            lastWrite.set(call);
        }
    }

    /** Runs a change (one GitLab write) and records it; a GitLab failure is recorded and rethrown as it is. */
    <T> T run(Op op, String before, String after, Supplier<T> change) {
        lastWrite.remove();
        try {
            T result = change.get();
            note(op, before, after, AuditEvent.Outcome.SUCCESS, null);
            return result;
        } catch (GitLabException e) {
            note(op, before, after, AuditEvent.Outcome.FAILURE, ScimErrors.message(e), e);
            throw e;
        }
    }

    /** {@link #run} for a change without a result. */
    void run(Op op, String before, String after, Runnable change) {
        run(op, before, after, () -> {
            change.run();
            return Boolean.TRUE;
        });
    }

    /**
     * Runs a change whose answer says whether GitLab changed anything (a state change to the state the user is
     * already in answers false): recorded as {@link AuditEvent.Outcome#NO_CHANGE} then.
     */
    void runChecked(Op op, String before, String after, BooleanSupplier change) {
        lastWrite.remove();
        boolean changed;
        try {
            changed = change.getAsBoolean();
        } catch (GitLabException e) {
            note(op, before, after, AuditEvent.Outcome.FAILURE, ScimErrors.message(e), e);
            throw e;
        }
        note(op, before, after, changed ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.NO_CHANGE, null);
    }

    /** Records a second event about this thread's last write (e.g. what the bridge concluded from its answer). */
    void note(Op op, String before, String after, AuditEvent.Outcome outcome, @Nullable String detail) {
        note(op, before, after, outcome, detail, null);
    }

    private void note(Op op, String before, String after, AuditEvent.Outcome outcome, @Nullable String detail,
            @Nullable GitLabException failure) {
        GitLabCall call = lastWrite.get();
        // Without an observed write (a failure before anything was sent), the exception names the request.
        String method = call != null ? call.method() : failure != null ? failure.method() : "";
        String path = call != null ? call.path() : failure != null ? failure.path() : "";
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
