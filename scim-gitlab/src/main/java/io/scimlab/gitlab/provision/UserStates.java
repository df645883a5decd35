package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.UserState;
import java.util.function.BooleanSupplier;

/**
 * Moves a self-managed GitLab user between {@link UserState#ACTIVE}, {@link UserState#BLOCKED} and
 * {@link UserState#DEACTIVATED}, the states the bridge sets. A move to deactivated leaves a blocked user blocked,
 * and blocks an active user GitLab refuses to deactivate.
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
        return state == UserState.ACTIVE || state == UserState.BLOCKED || state == UserState.DEACTIVATED;
    }

    void move(AuditTrail.Op request, long id, UserState from, UserState to) {
        if (from == to) {
            return;
        }
        AuditTrail.Op op = request.on(id);
        switch (to) {
            case ACTIVE -> {
                if (from == UserState.DEACTIVATED) {
                    call(op, from, to, () -> gl.users().activate(id));
                } else {
                    call(op, from, to, () -> gl.users().unblock(id));
                }
            }
            case BLOCKED -> call(op, from, to, () -> gl.users().block(id));
            case DEACTIVATED -> {
                if (from == UserState.BLOCKED) {
                    // Blocked is already deprovisioned (and stricter): never unblock on the way to deactivated, or a
                    // refused deactivate would leave the user active.
                    return;
                }
                try {
                    call(op, from, to, () -> gl.users().deactivate(id));
                } catch (GitLabException e) {
                    // GitLab refuses to deactivate users active recently (not dormant): block instead, so the user
                    // is deprovisioned either way. The refusal is audited; the move succeeds with the user blocked.
                    try {
                        call(op, from, UserState.BLOCKED, () -> gl.users().block(id));
                    } catch (GitLabException blockFailed) {
                        blockFailed.addSuppressed(e);
                        throw blockFailed;
                    }
                }
            }
            default -> throw new IllegalArgumentException("the bridge does not move users to " + to);
        }
    }

    private void call(AuditTrail.Op op, UserState from, UserState to, BooleanSupplier change) {
        // GitLab answers "null" when the user already was in that state: audited as no change.
        audit.runChecked(op, "state=" + from.apiValue(), "state=" + to.apiValue(), change);
    }
}
