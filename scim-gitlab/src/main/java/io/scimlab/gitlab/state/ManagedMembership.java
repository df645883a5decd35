package io.scimlab.gitlab.state;

import io.scimlab.gitlab.api.AccessLevel;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A marker for a direct GitLab membership the bridge created (or adopted) and therefore may change or remove;
 * memberships without a marker are never touched.
 *
 * @param gitlabUserId the user
 * @param groupPath    the GitLab group's full path
 * @param accessLevel  the level the bridge set
 * @param memberRoleId the custom role the bridge set
 * @param expiresAt    the expiry the bridge set
 */
public record ManagedMembership(long gitlabUserId, String groupPath, AccessLevel accessLevel,
        Optional<Long> memberRoleId, Optional<LocalDate> expiresAt) {
    /**
     * Checks the components.
     *
     * @param gitlabUserId user
     * @param groupPath    group path
     * @param accessLevel  level
     * @param memberRoleId custom role
     * @param expiresAt    expiry
     */
    public ManagedMembership {
        Objects.requireNonNull(groupPath, "groupPath");
        Objects.requireNonNull(accessLevel, "accessLevel");
        Objects.requireNonNull(memberRoleId, "memberRoleId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
