package io.scimlab.gitlab.api;

import java.util.Optional;

/**
 * Filters for {@code GET /users}.
 *
 * @param username exact username (case-insensitive)
 * @param search   GitLab's fuzzy search over name, username and email
 * @param identity {@code extern_uid} + {@code provider} (admin only)
 * @param active   only active users
 * @param blocked  only blocked users
 */
public record UserQuery(Optional<String> username, Optional<String> search, Optional<Identity> identity,
        boolean active, boolean blocked) {

    /**
     * Every user.
     *
     * @return the query
     */
    public static UserQuery all() {
        return new UserQuery(Optional.empty(), Optional.empty(), Optional.empty(), false, false);
    }

    /**
     * Users with this exact username.
     *
     * @param username the username
     * @return the query
     */
    public static UserQuery byUsername(String username) {
        return new UserQuery(Optional.of(username), Optional.empty(), Optional.empty(), false, false);
    }

    /**
     * Users matching a search term (name, username or email).
     *
     * @param term the term
     * @return the query
     */
    public static UserQuery search(String term) {
        return new UserQuery(Optional.empty(), Optional.of(term), Optional.empty(), false, false);
    }

    /**
     * Users with this external identity.
     *
     * @param provider  the provider
     * @param externUid the external id
     * @return the query
     */
    public static UserQuery byIdentity(String provider, String externUid) {
        return new UserQuery(Optional.empty(), Optional.empty(), Optional.of(new Identity(provider, externUid)),
                false, false);
    }

    /**
     * A copy restricted to active users.
     *
     * @return the copy
     */
    public UserQuery activeOnly() {
        return new UserQuery(username, search, identity, true, blocked);
    }

    /**
     * A copy restricted to blocked users.
     *
     * @return the copy
     */
    public UserQuery blockedOnly() {
        return new UserQuery(username, search, identity, active, true);
    }
}
