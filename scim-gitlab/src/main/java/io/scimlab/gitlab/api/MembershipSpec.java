package io.scimlab.gitlab.api;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What to grant when adding or editing a member.
 *
 * @param accessLevel  the role
 * @param expiresAt    optional expiry date
 * @param memberRoleId optional custom role id
 */
public record MembershipSpec(AccessLevel accessLevel, Optional<LocalDate> expiresAt, Optional<Long> memberRoleId) {
    /**
     * Checks the components.
     *
     * @param accessLevel  the role
     * @param expiresAt    expiry
     * @param memberRoleId custom role
     */
    public MembershipSpec {
        Objects.requireNonNull(accessLevel, "accessLevel");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(memberRoleId, "memberRoleId");
    }

    /**
     * A plain role without expiry or custom role.
     *
     * @param accessLevel the role
     * @return the spec
     */
    public static MembershipSpec of(AccessLevel accessLevel) {
        return new MembershipSpec(accessLevel, Optional.empty(), Optional.empty());
    }

    /**
     * A copy with an expiry date.
     *
     * @param date the date
     * @return the copy
     */
    public MembershipSpec expiringAt(LocalDate date) {
        return new MembershipSpec(accessLevel, Optional.of(date), memberRoleId);
    }

    /**
     * A copy with a custom role.
     *
     * @param id the member role id
     * @return the copy
     */
    public MembershipSpec withMemberRole(long id) {
        return new MembershipSpec(accessLevel, expiresAt, Optional.of(id));
    }
}
