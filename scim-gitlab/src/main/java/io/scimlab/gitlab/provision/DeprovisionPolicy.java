package io.scimlab.gitlab.provision;

/**
 * What {@code active=false} does in GitLab; {@code active=true} undoes it. The user stays readable and filterable
 * through SCIM with {@code active:false} under every policy. The deactivation is applied before any other change of
 * the same request and kept when one of those fails.
 *
 * <p>On GitLab.com, which cannot block or delete accounts, BLOCK, DEACTIVATE and DELETE all offboard: GitLab's SCIM
 * deprovisioning (the SCIM identity goes inactive), then removal from every group and project of the top-level group,
 * whatever granted them (GitLab's deprovisioning alone removes only what hangs on a top-level membership).
 *
 * <p>Service accounts ({@link io.scimlab.gitlab.serviceaccount.ServiceAccounts}) first lose every token; then
 * BLOCK and DEACTIVATE block them on self-managed instances (a deactivated account's tokens would keep working),
 * and on GitLab.com, where a group Owner can neither block nor SCIM-deprovision a service account, remove the
 * memberships the bridge manages; DELETE deletes the service account in both targets.
 */
public enum DeprovisionPolicy {
    /**
     * Block the user (default): no sign-in and no token works until the identity provider reactivates them;
     * memberships kept for an easy return. A user GitLab already holds without access (ldap_blocked, banned,
     * pending approval) is left as it is. GitLab.com: offboarding.
     */
    BLOCK,
    /**
     * Deactivate the user (self-managed; GitLab.com: offboarding); frees a seat, keeps memberships. Weaker than
     * BLOCK: a deactivated person gets access back by signing in again (with a password or another sign-in GitLab
     * still accepts), and GitLab refuses to deactivate anyone active within its dormant-user period (90 days by
     * default), whom the bridge then blocks, audited. The bridge logs a warning when built with it.
     */
    DEACTIVATE,
    /** Only remove the memberships the bridge manages; the account stays active. */
    REMOVE_MEMBERSHIPS,
    /**
     * Delete the GitLab account (self-managed; GitLab.com: offboarding). Re-activation creates a new GitLab user
     * under the same SCIM id.
     */
    DELETE
}
