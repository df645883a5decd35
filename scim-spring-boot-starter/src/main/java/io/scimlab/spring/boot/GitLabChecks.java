package io.scimlab.spring.boot;

import io.scimlab.gitlab.mapping.RoleMapping;
import java.util.List;

/**
 * What the starter asks of GitLab at start (the preflight) and for health: whether the token works with the rights
 * the bridge needs, and whether every group the mapping names exists.
 *
 * <p>Package-private on purpose: today {@link ClientGitLabChecks} answers through the {@code GitLabClient}'s views;
 * when scim-gitlab offers its own preflight API, only the implementation changes.
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
     * Every problem that would keep the mapping from working, all at once: the token's (as {@link #token()}), and
     * each mapped group (or rule prefix) that does not exist, cannot be seen, or lies outside the target.
     *
     * @param mapping the role mapping
     * @return one line per problem; empty when there is none
     */
    List<String> problems(RoleMapping mapping);

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
