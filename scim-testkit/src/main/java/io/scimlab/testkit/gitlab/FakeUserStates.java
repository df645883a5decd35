package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;

import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * User states: the admin transitions under {@code POST /users/:id/<action>} ({@code lib/api/users.rb} and the
 * {@code Users::*Service} classes), signing in (which reactivates a deactivated user), and the refusal a blocked or
 * deactivated user's token gets.
 */
final class FakeUserStates {
    /** The actions {@code POST /users/:id/<action>} knows. */
    static final List<String> ACTIONS = List.of("block", "unblock", "deactivate", "activate", "ban", "unban");

    private final FakeState state;
    private final FakeAudit audit;

    FakeUserStates(FakeState state, FakeAudit audit) {
        this.state = state;
        this.audit = audit;
    }

    void seedState(long userId, String newState) {
        if (!FakeState.STATES.contains(newState)) {
            throw new IllegalArgumentException("GitLab has no user state " + newState + "; one of " + FakeState.STATES);
        }
        state.user(userId).state = newState;
    }

    /**
     * Signing in through the web: records the sign-in and activity, and reactivates a deactivated user; a blocked
     * user cannot sign in.
     */
    void signIn(long userId) {
        User u = state.user(userId);
        if (u.blocked()) {
            throw new IllegalStateException("a " + u.state + " user cannot sign in");
        }
        if (u.state.equals("deactivated")) {
            u.state = "active";
        }
        u.lastSignInAt = u.currentSignInAt;
        u.currentSignInAt = state.now();
        u.lastActivityOn = state.today();
    }

    /** {@code Users::ActivityService}: API use counts as activity, recorded once a day. */
    void recordActivity(User u) {
        u.lastActivityOn = state.today();
    }

    /**
     * The refusal for a valid token whose user may not use the API ({@code UserAccessDeniedReason}), or null.
     */
    @Nullable FakeError accessDenied(User u) {
        String reason = switch (u.state) {
            case "blocked", "ldap_blocked", "banned" -> "Your account has been blocked.";
            case "blocked_pending_approval" -> "Your account is pending approval from your administrator and hence "
                    + "blocked.";
            case "deactivated" -> "Your account has been deactivated by your administrator. Please log back in from "
                    + "a web browser to reactivate your account at " + state.externalUrl;
            default -> null;
        };
        return reason == null ? null : FakeError.message(403, "403 Forbidden - " + reason);
    }

    /** {@code POST /users/:id/<action>}; the caller is an administrator. */
    Resp change(User me, User u, String action) {
        String from = u.state;
        switch (action) {
            case "block" -> {
                if (from.equals("ldap_blocked")) {
                    throw FakeError.message(403, "403 Forbidden - LDAP blocked users cannot be modified by the API");
                }
                if (u == me) {
                    throw FakeError.message(403, "403 Forbidden - The API initiating user cannot be blocked by the "
                            + "API");
                }
                if (u.blocked()) {
                    return Resp.of(201, JSON.nullNode());
                }
                return moved(me, u, "blocked", action);
            }
            case "unblock" -> {
                if (from.equals("ldap_blocked")) {
                    throw FakeError.message(403, "403 Forbidden - LDAP blocked users cannot be unblocked by the API");
                }
                if (from.equals("deactivated")) {
                    throw FakeError.message(403, "403 Forbidden - Deactivated users cannot be unblocked by the API");
                }
                // UnblockService is user.activate: false when there is no transition (an active user).
                return u.blocked() ? moved(me, u, "active", action) : Resp.of(201, JSON.booleanNode(false));
            }
            case "deactivate" -> {
                if (from.equals("deactivated")) {
                    return Resp.of(201, JSON.nullNode());
                }
                if (u.blocked()) {
                    throw FakeError.message(403, "Error occurred. A blocked user cannot be deactivated");
                }
                if (!canBeDeactivated(u)) {
                    throw FakeError.message(403, "The user you are trying to deactivate has been active in the past "
                            + state.options.dormantDays() + " days and cannot be deactivated");
                }
                return moved(me, u, "deactivated", action);
            }
            case "activate" -> {
                if (u.blocked()) {
                    throw FakeError.message(403, "Error occurred. A blocked user must be unblocked to be activated");
                }
                return from.equals("active") ? Resp.of(201, JSON.booleanNode(true)) : moved(me, u, "active", action);
            }
            case "ban" -> {
                if (!from.equals("active")) {
                    throw FakeError.message(403, "You cannot ban " + from + " users.");
                }
                return moved(me, u, "banned", action);
            }
            case "unban" -> {
                if (!from.equals("banned")) {
                    throw FakeError.message(403, "You cannot unban " + from + " users.");
                }
                return moved(me, u, "active", action);
            }
            default -> throw FakeError.error(404, "404 Not Found");
        }
    }

    private Resp moved(User me, User u, String to, String action) {
        u.state = to;
        audit.record(me, u.id, "User", "user_" + action, action + " user " + u.username, null);
        return Resp.of(201, JSON.booleanNode(true));
    }

    /**
     * {@code User#can_be_deactivated?}: no activity ({@code last_activity_on} or a sign-in) within the dormant
     * period; a user who never signed in or used the API may be deactivated at once.
     */
    boolean canBeDeactivated(User u) {
        Instant lastActive = u.lastActivityOn == null ? null : u.lastActivityOn.atStartOfDay().toInstant(ZoneOffset.UTC);
        if (u.currentSignInAt != null && (lastActive == null || u.currentSignInAt.isAfter(lastActive))) {
            lastActive = u.currentSignInAt;
        }
        return lastActive == null
                || !lastActive.isAfter(state.options.clock().instant().minus(Duration.ofDays(state.options.dormantDays())));
    }

    /**
     * Instance SCIM deprovisioning: {@code User#system_block}, active or deactivated to {@code ldap_blocked}; other
     * states stay.
     */
    void systemBlock(User u) {
        if (u.state.equals("active") || u.state.equals("deactivated")) {
            u.state = "ldap_blocked";
        }
    }

    /** Instance SCIM reprovisioning: {@code User#activate} from any blocked or deactivated state. */
    void activate(User u) {
        u.state = "active";
    }
}
