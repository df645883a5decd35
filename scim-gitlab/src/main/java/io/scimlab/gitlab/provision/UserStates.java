package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.UserState;
import io.scimlab.gitlab.audit.AuditEvent;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Moves a self-managed GitLab user between {@link UserState#ACTIVE}, {@link UserState#BLOCKED} and
 * {@link UserState#DEACTIVATED}, the states the bridge sets, and knows the states it does not set
 * (GitLab's {@code lib/api/users.rb} and {@code app/models/user.rb}):
 *
 * <ul>
 *   <li>{@link UserState#LDAP_BLOCKED} (LDAP sync, or instance SCIM deprovisioning), {@link UserState#BANNED} and
 *       {@link UserState#BLOCKED_PENDING_APPROVAL} have no access already: a deprovisioning leaves them as they
 *       are (GitLab refuses to block an ldap_blocked user, and to deactivate any blocked one).</li>
 *   <li>Reactivation: GitLab's API cannot unblock an ldap_blocked user, and the bridge does not lift an
 *       administrator's ban: both are a 409 naming the state. A user pending approval is unblocked, which
 *       approves them: the identity provider's assignment is the approval.</li>
 *   <li>Deactivation: GitLab refuses to deactivate a user active within its dormant-user period (90 days by
 *       default); the bridge blocks them instead, audited. A deactivated user gets access back by signing in.</li>
 * </ul>
 */
final class UserStates {
    private final GitLabClient gl;
    private final AuditTrail audit;

    UserStates(GitLabClient gl, AuditTrail audit) {
        this.gl = gl;
        this.audit = audit;
    }

    /** Whether the bridge may move a user out of this state (the others are an administrator's decision). */
    static boolean settable(UserState state) {
        return state == UserState.ACTIVE || state == UserState.BLOCKED || state == UserState.DEACTIVATED
                || state == UserState.BLOCKED_PENDING_APPROVAL;
    }

    /** Whether a user in this state can neither sign in nor use a token (GitLab's {@code blocked?}, or worse). */
    static boolean withoutAccess(UserState state) {
        return state == UserState.BLOCKED || state == UserState.LDAP_BLOCKED || state == UserState.BANNED
                || state == UserState.BLOCKED_PENDING_APPROVAL;
    }

    /**
     * Moves a user.
     *
     * @param from the state the caller read, or {@link UserState#ACTIVE} when it did not read one (then GitLab's
     *             refusal tells, and the user is read)
     */
    void move(AuditTrail.Op request, long id, UserState from, UserState to) {
        if (from == to) {
            return;
        }
        AuditTrail.Op op = request.on(id);
        switch (to) {
            case ACTIVE -> activate(op, id, from);
            case BLOCKED -> block(op, id, from);
            case DEACTIVATED -> deactivate(op, id, from);
            default -> throw new IllegalArgumentException("the bridge does not move users to " + to);
        }
    }

    private void activate(AuditTrail.Op op, long id, UserState from) {
        switch (from) {
            case LDAP_BLOCKED -> throw refused(id, from, "GitLab's API cannot unblock it (LDAP or instance SCIM "
                    + "blocked it): an administrator, or the directory that blocked it, has to");
            case BANNED -> throw refused(id, from, "the bridge does not lift an administrator's ban: unban the "
                    + "user in GitLab first");
            case DEACTIVATED -> call(op, from, UserState.ACTIVE, () -> gl.users().activate(id));
            default -> {
                try {
                    call(op, from, UserState.ACTIVE, () -> gl.users().unblock(id));
                } catch (GitLabException e) {
                    if (e.kind() != GitLabException.Kind.FORBIDDEN) {
                        throw e;
                    }
                    // The state was not what the caller thought: GitLab says which one in its refusal.
                    UserState now = current(id).orElseThrow(() -> e);
                    if (now == from || now == UserState.ACTIVE) {
                        throw e;
                    }
                    activate(op, id, now);
                }
            }
        }
    }

    private void block(AuditTrail.Op op, long id, UserState from) {
        if (withoutAccess(from)) {
            unchanged(op, id, from, UserState.BLOCKED);
            return;
        }
        try {
            call(op, from, UserState.BLOCKED, () -> gl.users().block(id));
        } catch (GitLabException e) {
            // GitLab refuses to block an ldap_blocked user (403), who has no access anyway.
            if (e.kind() != GitLabException.Kind.FORBIDDEN) {
                throw e;
            }
            UserState now = current(id).filter(UserStates::withoutAccess).orElseThrow(() -> e);
            unchanged(op, id, now, UserState.BLOCKED);
        }
    }

    private void deactivate(AuditTrail.Op op, long id, UserState from) {
        if (withoutAccess(from)) {
            // Blocked (in any way) is already deprovisioned and stricter: never unblock on the way to deactivated,
            // or a refused deactivate would leave the user active.
            unchanged(op, id, from, UserState.DEACTIVATED);
            return;
        }
        try {
            call(op, from, UserState.DEACTIVATED, () -> gl.users().deactivate(id));
        } catch (GitLabException e) {
            if (e.kind() != GitLabException.Kind.FORBIDDEN) {
                throw e;
            }
            if (e.gitlabMessage().toLowerCase(Locale.ROOT).contains("blocked user")) {
                // "A blocked user cannot be deactivated": blocked meanwhile, which holds.
                unchanged(op, id, UserState.BLOCKED, UserState.DEACTIVATED);
                return;
            }
            // GitLab refuses to deactivate users active within its dormant-user period: block instead, so the
            // user is deprovisioned either way. The refusal is audited; the move succeeds with the user blocked.
            audit.note(op, "state=" + from.apiValue(), "state=" + UserState.DEACTIVATED.apiValue(),
                    AuditEvent.Outcome.FAILURE, "GitLab refused to deactivate (" + ScimErrors.message(e)
                            + "); blocking instead");
            block(op, id, from);
        }
    }

    private Optional<UserState> current(long id) {
        return gl.users().find(id).map(u -> u.state());
    }

    private void unchanged(AuditTrail.Op op, long id, UserState state, UserState wanted) {
        audit.note(op, "state=" + state.apiValue(), "state=" + wanted.apiValue(), AuditEvent.Outcome.NO_CHANGE,
                "user " + id + " is " + state.apiValue() + ": no access already, left as it is");
    }

    private static ScimException refused(long id, UserState state, String why) {
        return ScimException.status(409, "GitLab user " + id + " is " + state.apiValue() + ": " + why);
    }

    private void call(AuditTrail.Op op, UserState from, UserState to, BooleanSupplier change) {
        // GitLab answers "null" when the user already was in that state: audited as no change.
        audit.runChecked(op, "state=" + from.apiValue(), "state=" + to.apiValue(), change);
    }
}
