package io.scimlab.gitlab.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A GitLab user as {@code /users} returns it. Admin-only fields are empty when the token is not an admin's.
 *
 * @param id         GitLab's user id
 * @param username   the username
 * @param name       the display name
 * @param state      active, blocked, deactivated, banned, ...
 * @param email      the primary email (admin view only)
 * @param identities external identities (admin view only)
 * @param admin      whether the user is an administrator
 * @param external   whether the user is an external user
 * @param bot        whether the user is a bot or service account
 * @param note       the admin note
 * @param createdAt  creation time
 */
public record GitLabUser(long id, String username, String name, UserState state, Optional<String> email,
        List<Identity> identities, boolean admin, boolean external, boolean bot, Optional<String> note,
        Optional<Instant> createdAt) {
    /**
     * Copies the collections.
     *
     * @param id         the id
     * @param username   the username
     * @param name       the name
     * @param state      the state
     * @param email      the email
     * @param identities the identities
     * @param admin      admin flag
     * @param external   external flag
     * @param bot        bot flag
     * @param note       the note
     * @param createdAt  creation time
     */
    public GitLabUser {
        java.util.Objects.requireNonNull(state, "state");
        identities = List.copyOf(identities);
    }

    /**
     * Whether the state is {@code active}.
     *
     * @return true for active users
     */
    public boolean isActive() {
        return state == UserState.ACTIVE;
    }

    /**
     * The identity for a provider, if any.
     *
     * @param provider the provider name
     * @return the identity
     */
    public Optional<Identity> identity(String provider) {
        return identities.stream().filter(i -> i.provider().equals(provider)).findFirst();
    }
}
