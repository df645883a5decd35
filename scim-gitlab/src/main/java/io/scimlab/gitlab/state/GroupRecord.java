package io.scimlab.gitlab.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A SCIM group as the bridge stores it: GitLab has no such object, only the memberships it grants. Its members are
 * users and, when the identity provider nests groups, other SCIM groups.
 *
 * @param scimId       the SCIM id (a UUID the bridge assigns)
 * @param displayName  the displayName
 * @param externalId   the externalId, if any
 * @param members      the SCIM ids of the member users
 * @param memberGroups the SCIM ids of the member groups (nested groups; empty unless the IdP nests them)
 * @param version      a counter bumped on every change, compared by {@link StateStore#putGroup}
 * @param created      when the group was created
 * @param lastModified when it last changed
 */
public record GroupRecord(String scimId, String displayName, Optional<String> externalId, Set<String> members,
        Set<String> memberGroups, long version, Instant created, Instant lastModified) {
    /**
     * Checks the components and copies the members.
     *
     * @param scimId       id
     * @param displayName  name
     * @param externalId   externalId
     * @param members      member users
     * @param memberGroups member groups
     * @param version      version
     * @param created      created
     * @param lastModified lastModified
     */
    public GroupRecord {
        Objects.requireNonNull(scimId, "scimId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastModified, "lastModified");
        members = Set.copyOf(members);
        memberGroups = Set.copyOf(memberGroups);
    }

    /**
     * A group whose members are users only.
     *
     * @param scimId       id
     * @param displayName  name
     * @param externalId   externalId
     * @param members      member users
     * @param version      version
     * @param created      created
     * @param lastModified lastModified
     */
    public GroupRecord(String scimId, String displayName, Optional<String> externalId, Set<String> members,
            long version, Instant created, Instant lastModified) {
        this(scimId, displayName, externalId, members, Set.of(), version, created, lastModified);
    }

    /**
     * The next version of this group with other values and the same member groups.
     *
     * @param newName     the displayName
     * @param newExternal the externalId
     * @param newMembers  the member users
     * @param now         the time of the change
     * @return the record with version + 1
     */
    public GroupRecord next(String newName, Optional<String> newExternal, Set<String> newMembers, Instant now) {
        return next(newName, newExternal, newMembers, memberGroups, now);
    }

    /**
     * The next version of this group with other values.
     *
     * @param newName         the displayName
     * @param newExternal     the externalId
     * @param newMembers      the member users
     * @param newMemberGroups the member groups
     * @param now             the time of the change
     * @return the record with version + 1
     */
    public GroupRecord next(String newName, Optional<String> newExternal, Set<String> newMembers,
            Set<String> newMemberGroups, Instant now) {
        return new GroupRecord(scimId, newName, newExternal, newMembers, newMemberGroups, version + 1, created, now);
    }
}
