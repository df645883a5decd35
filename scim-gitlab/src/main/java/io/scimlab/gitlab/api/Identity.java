package io.scimlab.gitlab.api;

import java.util.Objects;

/**
 * A user's external identity: GitLab's {@code identities[]} entry.
 *
 * @param provider  the provider name, e.g. {@code saml} or {@code group_saml}
 * @param externUid the identity provider's id for the user ({@code extern_uid})
 */
public record Identity(String provider, String externUid) {
    /**
     * Checks the components.
     *
     * @param provider  the provider name
     * @param externUid the external id
     */
    public Identity {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(externUid, "externUid");
    }
}
