package io.scimlab.gitlab.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A custom role ({@code member_role}) as GitLab lists it: a base role plus permissions, given to members with
 * {@code member_role_id}. GitLab requires a member's {@code access_level} to equal the role's base level.
 *
 * @param id              the role id
 * @param name            the role name
 * @param baseAccessLevel the base role
 * @param groupId         the top-level group that owns it (GitLab.com), empty for an instance role
 */
public record MemberRole(long id, String name, AccessLevel baseAccessLevel, Optional<Long> groupId) {
    /**
     * Checks the components.
     *
     * @param id              id
     * @param name            name
     * @param baseAccessLevel base level
     * @param groupId         owning group
     */
    public MemberRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseAccessLevel, "baseAccessLevel");
        Objects.requireNonNull(groupId, "groupId");
    }
}
