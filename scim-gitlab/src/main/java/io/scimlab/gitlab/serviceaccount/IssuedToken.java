package io.scimlab.gitlab.serviceaccount;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A token GitLab just issued (or rotated) for a service account, with its secret: handed once to the
 * {@link IssuedTokenSink} and never kept by ScimLab. {@code toString()} never shows the value.
 *
 * @param scimUserId the SCIM id of the service account
 * @param tokenId    GitLab's token id (a rotation gives a new one)
 * @param name       the token name
 * @param scopes     the scopes
 * @param expiresAt  the expiry date
 * @param value      the secret
 */
public record IssuedToken(String scimUserId, long tokenId, String name, List<String> scopes, LocalDate expiresAt,
        String value) {
    /**
     * Checks and copies.
     *
     * @param scimUserId SCIM id
     * @param tokenId    token id
     * @param name       name
     * @param scopes     scopes
     * @param expiresAt  expiry
     * @param value      secret
     */
    public IssuedToken {
        Objects.requireNonNull(scimUserId, "scimUserId");
        Objects.requireNonNull(name, "name");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        // The secret must never reach a log through toString().
        return "IssuedToken[scimUserId=" + scimUserId + ", tokenId=" + tokenId + ", name=" + name + ", scopes="
                + scopes + ", expiresAt=" + expiresAt + ", value=****]";
    }
}
