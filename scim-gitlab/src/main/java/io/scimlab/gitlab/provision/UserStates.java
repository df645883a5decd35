package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.audit.AuditEvent;

/**
 * Moves a self-managed GitLab user between {@code active}, {@code blocked} and {@code deactivated}. A move to
 * {@code deactivated} leaves a blocked user blocked, and blocks an active user GitLab refuses to deactivate.
 */
final class UserStates {
    private UserStates() {
    }

    static void move(Env env, Calls.Op op, long id, String from, String to) {
        if (from.equals(to)) {
            return;
        }
        GitLabClient gl = env.client();
        switch (to) {
            case "active" -> {
                if (from.equals("deactivated")) {
                    call(env, op, id, "activate", from, to, () -> gl.users().activate(id));
                } else {
                    call(env, op, id, "unblock", from, to, () -> gl.users().unblock(id));
                }
            }
            case "blocked" -> call(env, op, id, "block", from, to, () -> gl.users().block(id));
            case "deactivated" -> {
                if (from.equals("blocked")) {
                    // Blocked is already deprovisioned (and stricter): never unblock on the way to deactivated, or a
                    // refused deactivate would leave the user active.
                    return;
                }
                try {
                    call(env, op, id, "deactivate", from, to, () -> gl.users().deactivate(id));
                } catch (GitLabException e) {
                    // GitLab refuses to deactivate users active recently (not dormant): block instead, so the user
                    // is deprovisioned either way. The refusal is audited; the move succeeds with the user blocked.
                    try {
                        call(env, op, id, "block", from, "blocked", () -> gl.users().block(id));
                    } catch (GitLabException blockFailed) {
                        blockFailed.addSuppressed(e);
                        throw blockFailed;
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown user state " + to);
        }
    }

    private static void call(Env env, Calls.Op op, long id, String action, String from, String to,
            java.util.function.BooleanSupplier change) {
        String path = "/api/v4/users/" + id + "/" + action;
        boolean changed;
        try {
            changed = change.getAsBoolean();
        } catch (GitLabException e) {
            env.calls().record(op, "POST", path, "state=" + from, "state=" + to, AuditEvent.Outcome.FAILURE,
                    Errors.message(e));
            throw e;
        }
        // GitLab answers "null" when the user already was in that state: audited as no change.
        env.calls().record(op, "POST", path, "state=" + from, "state=" + to, changed ? AuditEvent.Outcome.SUCCESS
                : AuditEvent.Outcome.NO_CHANGE, null);
    }
}
