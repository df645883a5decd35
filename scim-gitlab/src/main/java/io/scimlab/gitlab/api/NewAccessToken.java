package io.scimlab.gitlab.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token to create.
 *
 * @param name      the token name
 * @param scopes    the scopes, e.g. {@code api}
 * @param expiresAt the expiry date; GitLab picks its default when empty
 */
public record NewAccessToken(String name, List<String> scopes, Optional<LocalDate> expiresAt) {
    /**
     * Checks and copies.
     *
     * @param name      name
     * @param scopes    scopes
     * @param expiresAt expiry
     */
    public NewAccessToken {
        Objects.requireNonNull(name, "name");
        scopes = List.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one scope");
        }
    }
}
