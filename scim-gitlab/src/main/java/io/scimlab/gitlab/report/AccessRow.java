package io.scimlab.gitlab.report;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of an {@link AccessReport}: a membership in a mapped GitLab group or project, a mapped group or project
 * GitLab does not have, a service account, or one of its tokens. Absent values are empty, never null.
 *
 * @param kind         what the row is
 * @param gitlabUserId the GitLab user; empty for {@link Kind#MISSING_TARGET}
 * @param username     the GitLab username as GitLab shows it (or as stored, for service accounts and tokens)
 * @param scimUserId   the SCIM user behind the GitLab user; empty for accounts the bridge did not provision
 * @param target       the GitLab group or project; empty for service accounts and tokens
 * @param accessLevel  the level GitLab holds (for {@link Kind#DRIFT} of a removed membership: the level the bridge
 *                     set)
 * @param memberRoleId the custom role GitLab holds, if any
 * @param expiresAt    when the membership ends; for a {@link Kind#TOKEN}, when the token expires
 * @param grantedBy    the SCIM groups and mapping entries or rules that grant the user something in the target
 *                     (all of them, not only the highest); empty when nothing does
 * @param since        when the membership began, by the first audit event of its current run (only with an
 *                     {@link io.scimlab.gitlab.audit.AuditStore}); for a token, when ScimLab issued it
 * @param tokenId      GitLab's token id, for a {@link Kind#TOKEN}
 * @param detail       what a reviewer should know, in words; never a secret
 */
public record AccessRow(Kind kind, OptionalLong gitlabUserId, String username, Optional<String> scimUserId,
        Optional<MemberSource> target, Optional<AccessLevel> accessLevel, Optional<Long> memberRoleId,
        Optional<LocalDate> expiresAt, List<GrantedBy> grantedBy, Optional<Instant> since, OptionalLong tokenId,
        String detail) {

    /** What a row is; every kind but {@link #MANAGED}, {@link #SERVICE_ACCOUNT} and {@link #TOKEN} needs a look. */
    public enum Kind {
        /** A membership the bridge made and the mapping explains, as GitLab holds it. */
        MANAGED,
        /** A direct membership the bridge did not make (added by hand or by another tool). */
        MANUAL,
        /**
         * A membership the bridge made that GitLab now holds at another level, or no longer holds (then
         * {@link AccessRow#accessLevel()} is the level the bridge set).
         */
        DRIFT,
        /** A membership of a user the identity provider deactivated (managed or not: see the detail). */
        DEACTIVATED,
        /** A GitLab group or project the mapping names that GitLab does not have (or the token cannot see). */
        MISSING_TARGET,
        /** A user provisioned as a GitLab service account. */
        SERVICE_ACCOUNT,
        /** A token ScimLab issued for a service account and still holds, with its expiry date. */
        TOKEN
    }

    /**
     * One reason a user gets something in a GitLab group or project.
     *
     * @param scimGroupId   the SCIM group's id
     * @param scimGroupName the SCIM group's displayName
     * @param mapping       the mapping entry or rule, e.g. {@code entry 1 (displayName "Engineering")}
     * @param accessLevel   what it grants there
     */
    public record GrantedBy(String scimGroupId, String scimGroupName, String mapping, AccessLevel accessLevel) {
        /**
         * Checks the components.
         *
         * @param scimGroupId   id
         * @param scimGroupName name
         * @param mapping       entry or rule
         * @param accessLevel   level
         */
        public GrantedBy {
            Objects.requireNonNull(scimGroupId, "scimGroupId");
            Objects.requireNonNull(scimGroupName, "scimGroupName");
            Objects.requireNonNull(mapping, "mapping");
            Objects.requireNonNull(accessLevel, "accessLevel");
        }
    }

    /**
     * Checks and copies the components.
     *
     * @param kind         kind
     * @param gitlabUserId user
     * @param username     username
     * @param scimUserId   SCIM user
     * @param target       group or project
     * @param accessLevel  level
     * @param memberRoleId custom role
     * @param expiresAt    expiry
     * @param grantedBy    reasons
     * @param since        since
     * @param tokenId      token
     * @param detail       detail
     */
    public AccessRow {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(gitlabUserId, "gitlabUserId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(scimUserId, "scimUserId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(accessLevel, "accessLevel");
        Objects.requireNonNull(memberRoleId, "memberRoleId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        grantedBy = List.copyOf(grantedBy);
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(detail, "detail");
    }
}
