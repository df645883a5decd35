package io.scimlab.gitlab.api;

import java.util.Locale;

/** A GitLab user's {@code state}, as {@code /users} reports it. */
public enum UserState {
    /** {@code active}: can sign in and use tokens. */
    ACTIVE("active"),
    /** {@code blocked}: blocked by an administrator (or by the bridge). */
    BLOCKED("blocked"),
    /** {@code deactivated}: dormant; signing in again re-activates the account. */
    DEACTIVATED("deactivated"),
    /** {@code ldap_blocked}: blocked by GitLab's LDAP sync. */
    LDAP_BLOCKED("ldap_blocked"),
    /** {@code blocked_pending_approval}: signed up and waiting for an administrator's approval. */
    BLOCKED_PENDING_APPROVAL("blocked_pending_approval"),
    /** {@code banned}: banned by an administrator. */
    BANNED("banned"),
    /** A state this version does not know (or none was reported): treated as one the bridge must not touch. */
    UNKNOWN("unknown");

    private final String apiValue;

    UserState(String apiValue) {
        this.apiValue = apiValue;
    }

    /**
     * The state for GitLab's {@code state} string; {@link #UNKNOWN} for anything else.
     *
     * @param value the API's string
     * @return the state
     */
    public static UserState of(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (UserState s : values()) {
            if (s != UNKNOWN && s.apiValue.equals(v)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /**
     * GitLab's string for this state.
     *
     * @return e.g. {@code ldap_blocked}
     */
    public String apiValue() {
        return apiValue;
    }

    @Override
    public String toString() {
        return apiValue;
    }
}
