package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.state.UserRecord;

/** The target-specific half of user provisioning: how a SCIM user becomes, changes and leaves a GitLab user. */
interface UserBackend {
    /**
     * A GitLab user as far as the bridge needs it.
     *
     * @param id         GitLab's user id
     * @param username   the GitLab username
     * @param pendingKey the {@link PendingWrites#ACCOUNT} record of the create that made it, to forget once the SCIM
     *                   user is stored (until then an IdP retry recognises the account as the bridge's own)
     */
    record Account(long id, String username, java.util.Optional<String> pendingKey) {
        Account(long id, String username) {
            this(id, username, java.util.Optional.empty());
        }
    }

    /**
     * Creates the GitLab user, or links and re-activates an existing one (same identity, or same email when the
     * existing-user policy links).
     */
    Account provision(AuditTrail.Op op, ScimUser user);

    /**
     * Pushes changed attributes (userName, email, name, externalId) with the fewest calls; none when none. For an
     * inactive user a backend may keep them in the store only (GitLab.com: any PATCH re-provisions).
     */
    void update(AuditTrail.Op op, UserRecord record, ScimUser before, ScimUser after);

    /**
     * Applies the deprovision policy's account part (memberships are planned by the provider). The record is the
     * user as stored after the deactivation (inactive, other attributes unchanged); runs before any other change of
     * the request.
     */
    void deactivate(AuditTrail.Op op, UserRecord record);

    /** Undoes {@link #deactivate}; returns the account (a new one when the old was deleted). */
    Account reactivate(AuditTrail.Op op, UserRecord record, ScimUser user);

    /** Applies the delete policy's account part. */
    void delete(AuditTrail.Op op, UserRecord record);

    /** Whether {@link #delete} takes the memberships with the account (else the provider removes them first). */
    boolean deleteTakesMemberships();
}
