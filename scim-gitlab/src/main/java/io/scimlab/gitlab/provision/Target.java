package io.scimlab.gitlab.provision;

/** Which kind of GitLab the bridge provisions. */
public enum Target {
    /**
     * A self-managed or Dedicated instance with an administrator token: users through GitLab's users API
     * (identity, block, deactivate, delete), memberships through the members API.
     */
    SELF_MANAGED,
    /**
     * GitLab.com: users relayed to the top-level group's SCIM API (GitLab.com forbids {@code /users} writes),
     * memberships of the top-level group's subgroups through the members API with a group Owner token.
     */
    GITLAB_COM
}
