package io.scimlab.gitlab.mapping;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MembershipSpec;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What membership of one SCIM group grants in one GitLab group.
 *
 * @param groupPath    the GitLab group's full path, e.g. {@code acme/engineering}
 * @param accessLevel  the role
 * @param memberRoleId a custom role, if any
 * @param expiresAt    when the membership ends, if ever
 */
public record Grant(String groupPath, AccessLevel accessLevel, Optional<Long> memberRoleId,
        Optional<LocalDate> expiresAt) {
    /**
     * Checks the components and normalises the path (no leading or trailing slash).
     *
     * @param groupPath    path
     * @param accessLevel  level
     * @param memberRoleId custom role
     * @param expiresAt    expiry
     */
    public Grant {
        Objects.requireNonNull(groupPath, "groupPath");
        Objects.requireNonNull(accessLevel, "accessLevel");
        Objects.requireNonNull(memberRoleId, "memberRoleId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        groupPath = trimSlashes(groupPath);
        if (groupPath.isEmpty()) {
            throw new IllegalArgumentException("empty GitLab group path");
        }
    }

    /**
     * A plain grant.
     *
     * @param groupPath   the GitLab group's full path
     * @param accessLevel the role
     * @return the grant
     */
    public static Grant of(String groupPath, AccessLevel accessLevel) {
        return new Grant(groupPath, accessLevel, Optional.empty(), Optional.empty());
    }

    /**
     * The membership to ask GitLab for.
     *
     * @return the spec
     */
    public MembershipSpec spec() {
        return new MembershipSpec(accessLevel, expiresAt, memberRoleId);
    }

    private static String trimSlashes(String path) {
        String p = path.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
