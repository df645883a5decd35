package io.scimlab.spring.boot;

/**
 * What the health indicator asks of GitLab: whether the token works with the rights the bridge needs. The start-up
 * check is the bridge's own ({@code GitLabBridge.Builder.startupCheck}, scim-gitlab's preflight), not this.
 *
 * <p>Package-private on purpose: {@link ClientGitLabChecks} answers through the {@code GitLabClient}'s views.
 */
interface GitLabChecks {
    /**
     * Checks the token: GitLab answers, accepts it, and it has the rights the target needs (an administrator on a
     * self-managed instance, an Owner of the top-level group on GitLab.com).
     *
     * @return the outcome
     */
    TokenCheck token();

    /**
     * A token check's outcome.
     *
     * @param state  how it went
     * @param detail one line for people; never a secret
     */
    record TokenCheck(TokenState state, String detail) {
        boolean ok() {
            return state == TokenState.VALID;
        }
    }

    /** How a token check went. */
    enum TokenState {
        /** GitLab accepted the token and it has the rights needed. */
        VALID,
        /** GitLab did not answer (connection failure, timeout, 5xx). */
        UNREACHABLE,
        /** GitLab refused the token (401: unknown, revoked or expired). */
        REFUSED,
        /** GitLab accepted the token, but it lacks the rights the bridge needs. */
        INSUFFICIENT,
        /** GitLab answered something else. */
        FAILED
    }
}
