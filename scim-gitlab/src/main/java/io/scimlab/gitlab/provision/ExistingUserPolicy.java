package io.scimlab.gitlab.provision;

/**
 * What creating a SCIM user does when GitLab already has an account with that email that the bridge did not
 * provision. Linking hands the account to the IdP (it may then rename, re-identify, block or delete it), so it is an
 * opt-in. An identity match (the account already has the user's {@code externalId} as its identity for the configured
 * provider) is the same person and is re-provisioned under either policy; only the account of the bridge's own token
 * is refused then.
 */
public enum ExistingUserPolicy {
    /**
     * Link the existing account by email: set its identity and take it over, like GitLab's own SCIM. Never for an
     * administrator's account, the account of the bridge's own GitLab token, a bot or service account (or an address
     * at a {@code noreply.} domain), an account that already has an identity for the configured provider, or one in a
     * state only an administrator sets (banned, LDAP-blocked, pending approval): those answer 409 {@code uniqueness}.
     */
    LINK,
    /**
     * Answer 409 {@code uniqueness} and leave the account alone (default). On GitLab.com, where GitLab's SCIM links by
     * email itself and a group Owner cannot see other accounts' emails, the bridge refuses the linked account after
     * GitLab's answer instead (see the README's security notes).
     */
    CONFLICT
}
