package io.scimlab.gitlab.state;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A marker for a direct GitLab membership, in a group or a project, that the bridge created (or adopted) and
 * therefore may change or remove; memberships without a marker are never touched. A store keeps one marker per user
 * and full path (GitLab's groups and projects share their paths' namespace: one path names one of them).
 *
 * @param gitlabUserId the user
 * @param source       the GitLab group or project
 * @param accessLevel  the level the bridge set
 * @param memberRoleId the custom role the bridge set
 * @param expiresAt    the expiry the bridge set
 */
public record ManagedMembership(long gitlabUserId, MemberSource source, AccessLevel accessLevel,
        Optional<Long> memberRoleId, Optional<LocalDate> expiresAt) {
    /**
     * Checks the components.
     *
     * @param gitlabUserId user
     * @param source       group or project
     * @param accessLevel  level
     * @param memberRoleId custom role
     * @param expiresAt    expiry
     */
    public ManagedMembership {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(accessLevel, "accessLevel");
        Objects.requireNonNull(memberRoleId, "memberRoleId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * A marker of a group membership.
     *
     * @param gitlabUserId user
     * @param groupPath    the GitLab group's full path
     * @param accessLevel  level
     * @param memberRoleId custom role
     * @param expiresAt    expiry
     */
    public ManagedMembership(long gitlabUserId, String groupPath, AccessLevel accessLevel, Optional<Long> memberRoleId,
            Optional<LocalDate> expiresAt) {
        this(gitlabUserId, MemberSource.group(groupPath), accessLevel, memberRoleId, expiresAt);
    }

    /**
     * The full path of the group or project: the marker's key with the user.
     *
     * @return the path
     */
    public String path() {
        return source.fullPath();
    }
}
