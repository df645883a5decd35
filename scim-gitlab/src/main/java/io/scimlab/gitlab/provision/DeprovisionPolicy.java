package io.scimlab.gitlab.provision;

/**
 * What {@code active=false} does in GitLab; {@code active=true} undoes it. The user stays readable and filterable
 * through SCIM with {@code active:false} under every policy.
 *
 * <p>Service accounts ({@link io.scimlab.gitlab.serviceaccount.ServiceAccounts}) first lose every token; then
 * BLOCK and DEACTIVATE block them on self-managed instances (a deactivated account's tokens would keep working),
 * and on GitLab.com, where a group Owner can neither block nor SCIM-deprovision a service account, remove the
 * memberships the bridge manages; DELETE deletes the service account in both targets.
 */
public enum DeprovisionPolicy {
    /** Block the user (default): no sign-in, memberships kept for an easy return. GitLab.com: SCIM deprovision. */
    BLOCK,
    /** Deactivate the user (self-managed; GitLab.com: SCIM deprovision); frees a seat, keeps memberships. */
    DEACTIVATE,
    /** Only remove the memberships the bridge manages; the account stays active. */
    REMOVE_MEMBERSHIPS,
    /**
     * Delete the GitLab account (self-managed; GitLab.com: SCIM deprovision). Re-activation creates a new GitLab
     * user under the same SCIM id.
     */
    DELETE
}
