package io.scimlab.gitlab.mapping;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.MembershipSpec;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What membership of one SCIM group grants in one GitLab group or project.
 *
 * @param source       the GitLab group or project, e.g. {@code MemberSource.group("acme/engineering")}
 * @param accessLevel  the role
 * @param memberRoleId a custom role, if any
 * @param expiresAt    when the membership ends, if ever
 */
public record Grant(MemberSource source, AccessLevel accessLevel, Optional<Long> memberRoleId,
        Optional<LocalDate> expiresAt) {
    /**
     * Checks the components: Minimal Access exists on groups only (GitLab refuses it on a project).
     *
     * @param source       group or project
     * @param accessLevel  level
     * @param memberRoleId custom role
     * @param expiresAt    expiry
     * @throws IllegalArgumentException for Minimal Access on a project
     */
    public Grant {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(accessLevel, "accessLevel");
        Objects.requireNonNull(memberRoleId, "memberRoleId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (source.isProject() && accessLevel == AccessLevel.MINIMAL_ACCESS) {
            throw new IllegalArgumentException("Minimal Access exists on groups only, not on project "
                    + source.fullPath());
        }
    }

    /**
     * A grant in a GitLab group.
     *
     * @param groupPath    the GitLab group's full path, e.g. {@code acme/engineering}
     * @param accessLevel  the role
     * @param memberRoleId a custom role, if any
     * @param expiresAt    when the membership ends, if ever
     */
    public Grant(String groupPath, AccessLevel accessLevel, Optional<Long> memberRoleId,
            Optional<LocalDate> expiresAt) {
        this(MemberSource.group(groupPath), accessLevel, memberRoleId, expiresAt);
    }

    /**
     * A plain grant in a GitLab group.
     *
     * @param groupPath   the GitLab group's full path
     * @param accessLevel the role
     * @return the grant
     */
    public static Grant of(String groupPath, AccessLevel accessLevel) {
        return of(MemberSource.group(groupPath), accessLevel);
    }

    /**
     * A plain grant in a GitLab group or project.
     *
     * @param source      the group or project
     * @param accessLevel the role
     * @return the grant
     */
    public static Grant of(MemberSource source, AccessLevel accessLevel) {
        return new Grant(source, accessLevel, Optional.empty(), Optional.empty());
    }

    /**
     * The full path of the group or project.
     *
     * @return the path
     */
    public String path() {
        return source.fullPath();
    }

    /**
     * The membership to ask GitLab for.
     *
     * @return the spec
     */
    public MembershipSpec spec() {
        return new MembershipSpec(accessLevel, expiresAt, memberRoleId);
    }
}
