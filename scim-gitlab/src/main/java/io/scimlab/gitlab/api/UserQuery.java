package io.scimlab.gitlab.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Filters for {@code GET /users}: immutable; start from a preset ({@link #all()}, {@link #byUsername}, ...) and
 * narrow it with the copy methods.
 */
public final class UserQuery {
    private final Optional<String> username;
    private final Optional<String> search;
    private final Optional<Identity> identity;
    private final boolean active;
    private final boolean blocked;

    private UserQuery(Optional<String> username, Optional<String> search,
            Optional<Identity> identity, boolean active, boolean blocked) {
        this.username = username;
        this.search = search;
        this.identity = identity;
        this.active = active;
        this.blocked = blocked;
    }

    /**
     * Exact username (case-insensitive).
     *
     * @return the value
     */
    public Optional<String> username() {
        return username;
    }

    /**
     * GitLab's fuzzy search over name, username and email.
     *
     * @return the value
     */
    public Optional<String> search() {
        return search;
    }

    /**
     * {@code extern_uid} + {@code provider} (admin only).
     *
     * @return the value
     */
    public Optional<Identity> identity() {
        return identity;
    }

    /**
     * Only active users.
     *
     * @return the value
     */
    public boolean active() {
        return active;
    }

    /**
     * Only blocked users.
     *
     * @return the value
     */
    public boolean blocked() {
        return blocked;
    }

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

    @Override
    public boolean equals(Object other) {
        return other instanceof UserQuery o && o.username.equals(username) && o.search.equals(search)
                && o.identity.equals(identity) && o.active == active && o.blocked == blocked;
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, search, identity, active, blocked);
    }

    @Override
    public String toString() {
        return "UserQuery[" + "username=" + username + ", " + "search=" + search + ", "
                + "identity=" + identity + ", " + "active=" + active + ", " + "blocked=" + blocked + "]";
    }
}
