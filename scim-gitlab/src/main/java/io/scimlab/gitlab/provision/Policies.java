package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.mapping.UsernamePolicy;

/**
 * The rules a bridge provisions by, as {@link GitLabBridge.Builder} set them.
 *
 * @param mapping      the role mapping
 * @param usernames    the username policy
 * @param deprovision  what active=false does
 * @param delete       what DELETE does
 * @param existingUser what create does with an existing, unlinked account
 * @param adopt        what happens to unmanaged memberships
 * @param drift        what the reconciler does with drift
 */
record Policies(RoleMapping mapping, UsernamePolicy usernames, DeprovisionPolicy deprovision, DeletePolicy delete,
        ExistingUserPolicy existingUser, AdoptPolicy adopt, DriftPolicy drift) {

    /** Whether an inactive user keeps the memberships the mapping grants. */
    boolean inactiveKeepsMemberships(Target target) {
        // On GitLab.com every deprovision except REMOVE_MEMBERSHIPS takes the user out of the whole hierarchy
        // (GitLab's SCIM deprovisioning, then the hierarchy-wide removal); so only self-managed block/deactivate
        // keep them.
        return target == Target.SELF_MANAGED
                && (deprovision == DeprovisionPolicy.BLOCK || deprovision == DeprovisionPolicy.DEACTIVATE);
    }
}
