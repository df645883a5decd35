package io.scimlab.gitlab.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A personal, group or service-account access token. {@code toString()} never shows the secret.
 *
 * @param id        the token id
 * @param name      the token name
 * @param userId    the owning user (for group tokens: the group's bot user)
 * @param scopes    the scopes
 * @param active    whether it can be used
 * @param revoked   whether it was revoked
 * @param expiresAt the expiry date
 * @param token     the secret value, present only in create and rotate answers
 */
public record AccessToken(long id, String name, long userId, List<String> scopes, boolean active, boolean revoked,
        Optional<LocalDate> expiresAt, Optional<String> token) {
    /**
     * Copies the scopes.
     *
     * @param id        id
     * @param name      name
     * @param userId    user
     * @param scopes    scopes
     * @param active    active
     * @param revoked   revoked
     * @param expiresAt expiry
     * @param token     secret
     */
    public AccessToken {
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
        // The secret must never reach logs through toString().
        return "AccessToken[id=" + id + ", name=" + name + ", userId=" + userId + ", scopes=" + scopes + ", active="
                + active + ", revoked=" + revoked + ", expiresAt=" + expiresAt + ", token="
                + (token.isPresent() ? "****" : "none") + "]";
    }
}
