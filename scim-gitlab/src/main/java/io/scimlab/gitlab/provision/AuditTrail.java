package io.scimlab.gitlab.provision;

import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.GitLabCall;
import io.scimlab.gitlab.api.GitLabCallListener;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditHealth;
import io.scimlab.gitlab.audit.AuditSink;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The bridge's audit trail: one {@link AuditEvent} per GitLab write, success or failure, so the audit log accounts
 * for every call that may have changed GitLab.
 *
 * <p>The method and path of each event are the ones the client really sent: this trail listens to the bridge's
 * clients ({@link GitLabCallListener}) and keeps, per thread, the last write request that ended; {@link #run}
 * clears it, runs the change and records the request the change sent (for a retried request: its last attempt).
 * The provision layer adds what the transport cannot know: correlation id, principal, SCIM operation, before and
 * after, and the subjects ({@link Op}).
 *
 * <p>A sink that throws does not fail the change: it is already in GitLab and cannot be undone, and an error would
 * only make the IdP send it again. The event is logged once at ERROR with its JSON instead, so it is not lost, and
 * counted in {@link #health()}.
 */
final class AuditTrail implements GitLabCallListener {
    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());

    private final AuditSink sink;
    private final Clock clock;
    // Per instance on purpose: each bridge has its own trail, and one bridge's last write is not another's. A JVM
    // holds a few bridges at most, so a few ThreadLocals.
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<@Nullable GitLabCall> lastWrite = new ThreadLocal<>();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private volatile @Nullable Instant lastFailure;

    AuditTrail(AuditSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * The SCIM side of a change: who asked, for which operation, and the subjects the events name. A request's op
     * names the SCIM user or group it addresses; the call sites narrow it to the GitLab users and group or project
     * of each call ({@link #on(long)}, {@link #on(String, List)}). The SCIM users of an event are the op's SCIM
     * user, or else those of its GitLab users ({@code scimIds}: the bridge's SCIM id of a GitLab user is its
     * GitLab id unless the account was re-created, which the request's {@link UserRecords} know).
     */
    record Op(RequestContext context, String operation, Optional<String> scimUser, Optional<String> scimGroup,
            LongFunction<String> scimIds, List<Long> gitlabUsers, Optional<String> gitlabPath) {
        Op(RequestContext context, String operation) {
            this(context, operation, Optional.empty(), Optional.empty(), Long::toString, List.of(), Optional.empty());
        }

        /** This op for a request about one SCIM user. */
        Op user(String scimUserId) {
            return new Op(context, operation, Optional.of(scimUserId), scimGroup, scimIds, gitlabUsers, gitlabPath);
        }

        /** This op for a request about one SCIM group. */
        Op group(String scimGroupId) {
            return new Op(context, operation, scimUser, Optional.of(scimGroupId), scimIds, gitlabUsers, gitlabPath);
        }

        /** This op naming SCIM users by the records the request read. */
        Op resolving(UserRecords users) {
            return new Op(context, operation, scimUser, scimGroup, users::scimIdOf, gitlabUsers, gitlabPath);
        }

        /** A call that changes one GitLab user. */
        Op on(long gitlabUserId) {
            return new Op(context, operation, scimUser, scimGroup, scimIds, List.of(gitlabUserId), gitlabPath);
        }

        /** A call that changes users' memberships of (or accounts in) a GitLab group or project. */
        Op on(String path, List<Long> gitlabUserIds) {
            return new Op(context, operation, scimUser, scimGroup, scimIds, List.copyOf(gitlabUserIds),
                    Optional.of(path));
        }

        List<String> scimUsers() {
            return scimUser.map(List::of).orElseGet(() -> gitlabUsers.stream().map(scimIds::apply).toList());
        }
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

    /**
     * {@link #run} for a change that creates a GitLab user: the event names the user the answer holds (a failure
     * names none).
     */
    <T> T runCreating(Op op, String before, String after, Supplier<T> change, ToLongFunction<T> createdUser) {
        lastWrite.remove();
        T result;
        try {
            result = change.get();
        } catch (GitLabException e) {
            note(op, before, after, AuditEvent.Outcome.FAILURE, ScimErrors.message(e), e);
            throw e;
        }
        note(op.on(createdUser.applyAsLong(result)), before, after, AuditEvent.Outcome.SUCCESS, null);
        return result;
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

    /**
     * Records what the bridge decided without a GitLab call (e.g. to leave a membership alone after reading it).
     *
     * @param outcome the outcome
     * @param detail  what was decided
     */
    void decided(Op op, String before, String after, AuditEvent.Outcome outcome, String detail) {
        lastWrite.remove();
        note(op, before, after, outcome, detail, null);
    }

    /**
     * Records a change the bridge refused to make: no GitLab call, so no method or path.
     *
     * @param before what the change was about (e.g. {@code user 42}), empty when nothing in GitLab
     * @param detail why it was refused
     */
    void refused(Op op, String before, String detail) {
        lastWrite.remove();
        note(op, before, "", AuditEvent.Outcome.REFUSED, detail, null);
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
        AuditEvent event = AuditEvent.builder().time(clock.instant()).correlationId(op.context().correlationId())
                .principal(op.context().principal()).operation(op.operation()).method(method).path(path)
                .before(text(before)).after(text(after)).outcome(outcome).detail(Optional.ofNullable(detail))
                .scimUserIds(op.scimUsers()).scimGroupId(op.scimGroup()).gitlabUserIds(op.gitlabUsers())
                .gitlabPath(op.gitlabPath()).build();
        try {
            sink.record(event);
            recorded.incrementAndGet();
            consecutiveFailures.set(0);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            consecutiveFailures.incrementAndGet();
            lastFailure = clock.instant();
            // The change is already in GitLab: a broken sink must not turn it into an error the IdP retries. The
            // event goes to the error log whole, once, so nothing is lost.
            LOG.log(System.Logger.Level.ERROR, "audit event not stored by " + sink + ": " + event.toJson(), e);
        }
    }

    /** How delivery to the sink has gone. */
    AuditHealth health() {
        return new AuditHealth(recorded.get(), failed.get(), consecutiveFailures.get(),
                Optional.ofNullable(lastFailure));
    }

    private static Optional<String> text(@Nullable String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
