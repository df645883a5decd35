package io.scimlab.gitlab.provision;

/** What creating a SCIM user does when GitLab already has an unlinked user with that email. */
public enum ExistingUserPolicy {
    /** Link the existing account: set its identity and take it over (default, like GitLab's own SCIM). */
    LINK,
    /** Fail with 409 {@code uniqueness}. */
    CONFLICT
}
