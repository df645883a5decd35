package io.scimlab.gitlab.provision;

/**
 * What a SCIM {@code DELETE /Users/:id} does in GitLab. Afterwards the SCIM user is gone (404) under every policy.
 *
 * <p>Service accounts first lose every token; BLOCK_AND_REMOVE_MEMBERSHIPS then blocks them on self-managed
 * instances and removes the managed memberships (GitLab.com: memberships only), DELETE and HARD_DELETE delete the
 * service account (GitLab.com: through the top-level group's service-account API).
 */
public enum DeletePolicy {
    /**
     * Block the user and remove the memberships the bridge manages (default): nothing is lost, and
     * re-provisioning the same externalId or email re-links and unblocks the account. The block comes first, so
     * access ends with the first call even when GitLab's rate limit spreads the member deletions over retries.
     * GitLab.com (which cannot block): GitLab's SCIM deprovisioning, then removal from every group and project of
     * the top-level group, whatever granted them.
     */
    BLOCK_AND_REMOVE_MEMBERSHIPS,
    /** Only remove the memberships the bridge manages (the account stays active). */
    REMOVE_MEMBERSHIPS,
    /** Delete the account, keeping its contributions under the ghost user (self-managed only). */
    DELETE,
    /** Delete the account and its contributions ({@code hard_delete=true}, self-managed only). */
    HARD_DELETE
}
