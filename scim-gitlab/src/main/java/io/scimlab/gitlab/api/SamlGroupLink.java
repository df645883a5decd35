package io.scimlab.gitlab.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A SAML group link: members of the IdP group {@code name} get {@code accessLevel} in the GitLab group.
 *
 * @param name         the SAML group name
 * @param accessLevel  the role granted
 * @param memberRoleId the custom role, if any
 */
public record SamlGroupLink(String name, AccessLevel accessLevel, Optional<Long> memberRoleId) {
    /**
     * Checks the components.
     *
     * @param name         the name
     * @param accessLevel  the role
     * @param memberRoleId the custom role
     */
    public SamlGroupLink {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(accessLevel, "accessLevel");
    }

    /**
     * A link without a custom role.
     *
     * @param name        the SAML group name
     * @param accessLevel the role
     * @return the link
     */
    public static SamlGroupLink of(String name, AccessLevel accessLevel) {
        return new SamlGroupLink(name, accessLevel, Optional.empty());
    }
}
