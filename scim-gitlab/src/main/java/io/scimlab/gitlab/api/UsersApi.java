package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * GitLab's users ({@code /users}); obtain it from {@link GitLabClient#users()}. Writes need an administrator's
 * token.
 */
public final class UsersApi {
    private final Rest rest;

    UsersApi(Rest rest) {
        this.rest = rest;
    }

    /**
     * Every user, by keyset pagination in id order.
     *
     * @return a lazy stream
     */
    public Stream<GitLabUser> list() {
        return list(UserQuery.all());
    }

    /**
     * Users matching a query, by keyset pagination
     * ({@code pagination=keyset&order_by=id&sort=asc&per_page=100}).
     *
     * @param query the filters
     * @return a lazy stream
     */
    public Stream<GitLabUser> list(UserQuery query) {
        HttpUrl.Builder url = rest.url("users").addQueryParameter("pagination", "keyset")
                .addQueryParameter("order_by", "id").addQueryParameter("sort", "asc")
                .addQueryParameter("per_page", Integer.toString(Rest.PER_PAGE));
        query.username().ifPresent(v -> url.addQueryParameter("username", v));
        query.search().ifPresent(v -> url.addQueryParameter("search", v));
        query.identity().ifPresent(i -> url.addQueryParameter("extern_uid", i.externUid())
                .addQueryParameter("provider", i.provider()));
        if (query.active()) {
            url.addQueryParameter("active", "true");
        }
        if (query.blocked()) {
            url.addQueryParameter("blocked", "true");
        }
        return rest.stream(url.build(), GitLabJson::user);
    }

    /**
     * The user with this username (case-insensitive).
     *
     * @param username the username
     * @return the user, if any
     */
    public Optional<GitLabUser> findByUsername(String username) {
        try (Stream<GitLabUser> s = list(UserQuery.byUsername(username))) {
            return s.findFirst();
        }
    }

    /**
     * The user with this external identity (admin only).
     *
     * @param provider  the provider
     * @param externUid the external id
     * @return the user, if any
     */
    public Optional<GitLabUser> findByIdentity(String provider, String externUid) {
        try (Stream<GitLabUser> s = list(UserQuery.byIdentity(provider, externUid))) {
            return s.findFirst();
        }
    }

    /**
     * The user whose primary email is this one (case-insensitive), via GitLab's search.
     *
     * @param email the email
     * @return the user, if any
     */
    public Optional<GitLabUser> findByEmail(String email) {
        try (Stream<GitLabUser> s = list(UserQuery.search(email))) {
            return s.filter(u -> u.email().map(email::equalsIgnoreCase).orElse(false)).findFirst();
        }
    }

    /**
     * The user this client's token belongs to ({@code GET /user}): GitLab's administrator view for an administrator's
     * token, otherwise GitLab's view of oneself (which has the email).
     *
     * @return the user
     */
    public GitLabUser current() {
        return GitLabJson.user(rest.get(rest.url("user").build()));
    }

    /**
     * One user.
     *
     * @param id the user id
     * @return the user
     * @throws GitLabException {@code NOT_FOUND} when there is none
     */
    public GitLabUser get(long id) {
        return GitLabJson.user(rest.get(rest.url("users", Long.toString(id)).build()));
    }

    /**
     * One user, or empty when GitLab answers 404.
     *
     * @param id the user id
     * @return the user
     */
    public Optional<GitLabUser> find(long id) {
        return Rest.optional(() -> get(id));
    }

    /**
     * Creates a user ({@code POST /users}, admin only) with {@code force_random_password}.
     *
     * <p>Retry rule: after a 5xx, timeout or connection failure the client looks the user up by username; a user
     * with that username and email is the earlier attempt's result and is returned, otherwise the POST is sent
     * again. A 409 on a retried attempt is checked the same way.
     *
     * @param user the user to create
     * @return the created user
     */
    public GitLabUser create(NewUser user) {
        ObjectNode body = rest.object().put("username", user.username()).put("email", user.email())
                .put("name", user.name()).put("force_random_password", true)
                .put("skip_confirmation", user.skipConfirmation()).put("external", user.external());
        user.identity().ifPresent(i -> body.put("extern_uid", i.externUid()).put("provider", i.provider()));
        user.note().ifPresent(n -> body.put("note", n));
        return rest.confirmedPost(() -> GitLabJson.user(rest.send("POST", rest.url("users").build(), body, false)),
                () -> findByUsername(user.username())
                        .filter(u -> u.email().map(user.email()::equalsIgnoreCase).orElse(true)));
    }

    /**
     * Updates a user ({@code PUT /users/:id}, admin only).
     *
     * @param id     the user id
     * @param update the fields to change
     * @return the updated user
     */
    public GitLabUser update(long id, UserUpdate update) {
        ObjectNode body = rest.object();
        update.username().ifPresent(v -> body.put("username", v));
        update.email().ifPresent(v -> body.put("email", v));
        update.name().ifPresent(v -> body.put("name", v));
        if (update.skipReconfirmation()) {
            body.put("skip_reconfirmation", true);
        }
        update.identity().ifPresent(i -> body.put("extern_uid", i.externUid()).put("provider", i.provider()));
        update.external().ifPresent(v -> body.put("external", v));
        update.note().ifPresent(v -> body.put("note", v));
        return GitLabJson.user(rest.send("PUT", rest.url("users", Long.toString(id)).build(), body, true));
    }

    /**
     * Blocks a user. Idempotent on GitLab's side, so it is retried like a GET.
     *
     * @param id the user id
     * @return true when the state changed, false when the user was already blocked
     */
    public boolean block(long id) {
        return stateChange(id, "block");
    }

    /**
     * Unblocks a user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean unblock(long id) {
        return stateChange(id, "unblock");
    }

    /**
     * Deactivates a user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean deactivate(long id) {
        return stateChange(id, "deactivate");
    }

    /**
     * Activates a deactivated user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean activate(long id) {
        return stateChange(id, "activate");
    }

    /**
     * Bans a user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean ban(long id) {
        return stateChange(id, "ban");
    }

    /**
     * Unbans a user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean unban(long id) {
        return stateChange(id, "unban");
    }

    private boolean stateChange(long id, String action) {
        // GitLab answers 201 "true" on a change and 201 "null" when the user is already in that state.
        JsonNode answer = rest.send("POST", rest.url("users", Long.toString(id), action).build(), null, true);
        return answer.asBoolean(false);
    }

    /**
     * Deletes a user ({@code DELETE /users/:id}); GitLab finishes the deletion in the background.
     *
     * @param id         the user id
     * @param hardDelete also delete contributions and groups the user solely owns
     */
    public void delete(long id, boolean hardDelete) {
        HttpUrl.Builder url = rest.url("users", Long.toString(id));
        if (hardDelete) {
            url.addQueryParameter("hard_delete", "true");
        }
        rest.send("DELETE", url.build(), null, true);
    }

    /**
     * Removes one of a user's identities.
     *
     * @param userId   the user id
     * @param provider the identity's provider
     */
    public void deleteIdentity(long userId, String provider) {
        rest.send("DELETE", rest.url("users", Long.toString(userId), "identities", provider).build(), null, true);
    }
}
