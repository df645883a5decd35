package io.scimlab.gitlab.serviceaccount;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What ScimLab remembers about a token it issued for a service account: ids and dates, never the secret.
 *
 * @param scimUserId   the SCIM id of the service account
 * @param gitlabUserId GitLab's user id of the service account
 * @param tokenId      GitLab's token id
 * @param name         the token name
 * @param scopes       the scopes
 * @param expiresAt    the expiry date
 * @param issuedAt     when ScimLab issued (or last rotated) it
 */
public record ManagedToken(String scimUserId, long gitlabUserId, long tokenId, String name, List<String> scopes,
        LocalDate expiresAt, Instant issuedAt) {
    /**
     * Checks and copies.
     *
     * @param scimUserId   SCIM id
     * @param gitlabUserId GitLab user id
     * @param tokenId      token id
     * @param name         name
     * @param scopes       scopes
     * @param expiresAt    expiry
     * @param issuedAt     issued
     */
    public ManagedToken {
        Objects.requireNonNull(scimUserId, "scimUserId");
        Objects.requireNonNull(name, "name");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
