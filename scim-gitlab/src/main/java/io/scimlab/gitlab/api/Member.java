package io.scimlab.gitlab.api;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A group member as the members API returns it.
 *
 * @param userId            the member's user id (GitLab's {@code id})
 * @param username          the username
 * @param name              the display name
 * @param state             the user's state
 * @param accessLevel       the role
 * @param expiresAt         when the membership ends
 * @param memberRoleId      the custom role, if any
 * @param groupSamlIdentity the user's group SAML identity, when GitLab shows it
 */
public record Member(long userId, String username, String name, String state, AccessLevel accessLevel,
        Optional<LocalDate> expiresAt, Optional<Long> memberRoleId, Optional<Identity> groupSamlIdentity) {
}
