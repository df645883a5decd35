package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A typed client for GitLab's REST v4 API (users, groups, members, SAML group links, service accounts, tokens,
 * audit events) and GitLab's SCIM API ({@link #scim(ScimScope)}).
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} and share it. Every request is paced by a token
 * bucket sized from the request budget and by GitLab's {@code RateLimit-*} headers. A 429 is waited out
 * ({@code Retry-After}, else {@code RateLimit-Reset}) and retried. GET, PUT and DELETE are retried with
 * exponential backoff and jitter after 5xx, timeouts and connection failures. POSTs that create something are
 * retried only after the client has checked that the failed attempt left nothing behind; each such method says
 * how it checks. Lists are lazy {@link Stream}s that hold one page (100 items) at a time; close them (or use
 * try-with-resources) when not consumed to the end.
 *
 * <p>The token only ever goes into the request header: it is absent from {@link #toString()}, from every
 * {@link GitLabException} and from anything this client logs.
 */
public final class GitLabClient implements AutoCloseable {
    private static final int PER_PAGE = 100;

    private final HttpUrl baseUrl;
    private final HttpUrl api;
    private final TokenKind tokenKind;
    private final Transport transport;
    private final ObjectMapper mapper;
    private final boolean ownsHttpClient;

    private GitLabClient(Builder b, Supplier<String> token, HttpUrl baseUrl) {
        this.baseUrl = baseUrl;
        this.api = baseUrl.newBuilder().addPathSegments("api/v4").build();
        this.tokenKind = b.tokenKind;
        this.mapper = new ObjectMapper();
        OkHttpClient base = b.httpClient != null ? b.httpClient : new OkHttpClient();
        this.ownsHttpClient = b.httpClient == null;
        // newBuilder() shares the embedding application's connection pool and dispatcher.
        OkHttpClient http = base.newBuilder().connectTimeout(b.connectTimeout).readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout).callTimeout(b.callTimeout).followRedirects(false)
                .retryOnConnectionFailure(false).build();
        // retryOnConnectionFailure(false): OkHttp would otherwise silently replay POSTs on a stale connection,
        // which defeats the confirm-before-retry rule for non-idempotent requests.
        this.transport = new Transport(http, b.tokenKind, token, b.refusedPause, b.retryPolicy, new Pacer(
                b.requestsPerMinute,
                b.clock), b.sleeper, b.clock, mapper);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The GitLab base URL (without {@code /api/v4}).
     *
     * @return the URL
     */
    public String baseUrl() {
        return baseUrl.toString();
    }

    // ---------------------------------------------------------------- users

    /**
     * Every user, by keyset pagination in id order.
     *
     * @return a lazy stream
     */
    public Stream<GitLabUser> users() {
        return users(UserQuery.all());
    }

    /**
     * Users matching a query, by keyset pagination
     * ({@code pagination=keyset&order_by=id&sort=asc&per_page=100}).
     *
     * @param query the filters
     * @return a lazy stream
     */
    public Stream<GitLabUser> users(UserQuery query) {
        HttpUrl.Builder url = url("users").addQueryParameter("pagination", "keyset")
                .addQueryParameter("order_by", "id").addQueryParameter("sort", "asc")
                .addQueryParameter("per_page", Integer.toString(PER_PAGE));
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
        return stream(url.build(), Mapping::user);
    }

    /**
     * The user with this username (case-insensitive).
     *
     * @param username the username
     * @return the user, if any
     */
    public Optional<GitLabUser> findUserByUsername(String username) {
        try (Stream<GitLabUser> s = users(UserQuery.byUsername(username))) {
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
    public Optional<GitLabUser> findUserByIdentity(String provider, String externUid) {
        try (Stream<GitLabUser> s = users(UserQuery.byIdentity(provider, externUid))) {
            return s.findFirst();
        }
    }

    /**
     * The user whose primary email is this one (case-insensitive), via GitLab's search.
     *
     * @param email the email
     * @return the user, if any
     */
    public Optional<GitLabUser> findUserByEmail(String email) {
        try (Stream<GitLabUser> s = users(UserQuery.search(email))) {
            return s.filter(u -> u.email().map(email::equalsIgnoreCase).orElse(false)).findFirst();
        }
    }

    /**
     * One user.
     *
     * @param id the user id
     * @return the user
     * @throws GitLabException {@code NOT_FOUND} when there is none
     */
    public GitLabUser getUser(long id) {
        return Mapping.user(getJson(url("users", Long.toString(id)).build()));
    }

    /**
     * One user, or empty when GitLab answers 404.
     *
     * @param id the user id
     * @return the user
     */
    public Optional<GitLabUser> findUser(long id) {
        return optional(() -> getUser(id));
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
    public GitLabUser createUser(NewUser user) {
        ObjectNode body = mapper.createObjectNode().put("username", user.username()).put("email", user.email())
                .put("name", user.name()).put("force_random_password", true)
                .put("skip_confirmation", user.skipConfirmation()).put("external", user.external());
        user.identity().ifPresent(i -> body.put("extern_uid", i.externUid()).put("provider", i.provider()));
        user.note().ifPresent(n -> body.put("note", n));
        return confirmedPost(() -> Mapping.user(send("POST", url("users").build(), body, false)),
                () -> findUserByUsername(user.username())
                        .filter(u -> u.email().map(user.email()::equalsIgnoreCase).orElse(true)));
    }

    /**
     * Updates a user ({@code PUT /users/:id}, admin only).
     *
     * @param id     the user id
     * @param update the fields to change
     * @return the updated user
     */
    public GitLabUser updateUser(long id, UserUpdate update) {
        ObjectNode body = mapper.createObjectNode();
        update.username().ifPresent(v -> body.put("username", v));
        update.email().ifPresent(v -> body.put("email", v));
        update.name().ifPresent(v -> body.put("name", v));
        if (update.skipReconfirmation()) {
            body.put("skip_reconfirmation", true);
        }
        update.identity().ifPresent(i -> body.put("extern_uid", i.externUid()).put("provider", i.provider()));
        update.external().ifPresent(v -> body.put("external", v));
        update.note().ifPresent(v -> body.put("note", v));
        return Mapping.user(send("PUT", url("users", Long.toString(id)).build(), body, true));
    }

    /**
     * Blocks a user. Idempotent on GitLab's side, so it is retried like a GET.
     *
     * @param id the user id
     * @return true when the state changed, false when the user was already blocked
     */
    public boolean blockUser(long id) {
        return stateChange(id, "block");
    }

    /**
     * Unblocks a user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean unblockUser(long id) {
        return stateChange(id, "unblock");
    }

    /**
     * Deactivates a user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean deactivateUser(long id) {
        return stateChange(id, "deactivate");
    }

    /**
     * Activates a deactivated user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean activateUser(long id) {
        return stateChange(id, "activate");
    }

    /**
     * Bans a user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean banUser(long id) {
        return stateChange(id, "ban");
    }

    /**
     * Unbans a user.
     *
     * @param id the user id
     * @return true when the state changed
     */
    public boolean unbanUser(long id) {
        return stateChange(id, "unban");
    }

    private boolean stateChange(long id, String action) {
        // GitLab answers 201 "true" on a change and 201 "null" when the user is already in that state.
        JsonNode answer = send("POST", url("users", Long.toString(id), action).build(), null, true);
        return answer.asBoolean(false);
    }

    /**
     * Deletes a user ({@code DELETE /users/:id}); GitLab finishes the deletion in the background.
     *
     * @param id         the user id
     * @param hardDelete also delete contributions and groups the user solely owns
     */
    public void deleteUser(long id, boolean hardDelete) {
        HttpUrl.Builder url = url("users", Long.toString(id));
        if (hardDelete) {
            url.addQueryParameter("hard_delete", "true");
        }
        send("DELETE", url.build(), null, true);
    }

    /**
     * Removes one of a user's identities.
     *
     * @param userId   the user id
     * @param provider the identity's provider
     */
    public void deleteIdentity(long userId, String provider) {
        send("DELETE", url("users", Long.toString(userId), "identities", provider).build(), null, true);
    }

    // ---------------------------------------------------------------- groups

    /**
     * One group.
     *
     * @param group the group
     * @return the group
     * @throws GitLabException {@code NOT_FOUND} when there is none
     */
    public GitLabGroup getGroup(GroupRef group) {
        return Mapping.group(getJson(url("groups", group.segment()).build()));
    }

    /**
     * One group, or empty on 404.
     *
     * @param group the group
     * @return the group
     */
    public Optional<GitLabGroup> findGroup(GroupRef group) {
        return optional(() -> getGroup(group));
    }

    /**
     * The direct subgroups.
     *
     * @param group the parent
     * @return a lazy stream
     */
    public Stream<GitLabGroup> subgroups(GroupRef group) {
        return stream(paged("groups", group.segment(), "subgroups"), Mapping::group);
    }

    /**
     * Every group below this one, at any depth.
     *
     * @param group the ancestor
     * @return a lazy stream
     */
    public Stream<GitLabGroup> descendantGroups(GroupRef group) {
        return stream(paged("groups", group.segment(), "descendant_groups"), Mapping::group);
    }

    /**
     * Creates a subgroup ({@code POST /groups} with {@code parent_id}).
     *
     * <p>Retry rule: after a failure the client lists the parent's subgroups; one with this path is the earlier
     * attempt's result.
     *
     * @param parentId the parent group id
     * @param name     the display name
     * @param path     the path segment
     * @return the new group
     */
    public GitLabGroup createSubgroup(long parentId, String name, String path) {
        ObjectNode body = mapper.createObjectNode().put("name", name).put("path", path).put("parent_id", parentId);
        return confirmedPost(() -> Mapping.group(send("POST", url("groups").build(), body, false)), () -> {
            try (Stream<GitLabGroup> s = subgroups(GroupRef.id(parentId))) {
                return s.filter(g -> g.path().equalsIgnoreCase(path)).findFirst();
            }
        });
    }

    // ---------------------------------------------------------------- members

    /**
     * Direct members ({@code GET /groups/:id/members}).
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<Member> members(GroupRef group) {
        return stream(paged("groups", group.segment(), "members"), Mapping::member);
    }

    /**
     * Direct and inherited members, one entry per user with the highest level
     * ({@code GET /groups/:id/members/all}).
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<Member> allMembers(GroupRef group) {
        return stream(paged("groups", group.segment(), "members", "all"), Mapping::member);
    }

    /**
     * A direct member, or empty when the user is not a direct member.
     *
     * @param group  the group
     * @param userId the user id
     * @return the member
     */
    public Optional<Member> findMember(GroupRef group, long userId) {
        return optional(() -> Mapping.member(getJson(url("groups", group.segment(), "members",
                Long.toString(userId)).build())));
    }

    /**
     * Adds a direct member.
     *
     * <p>Retry rule: after a failure the client reads the membership; if it exists with the requested level it is
     * the earlier attempt's result. A 409 "Member already exists" on a retried attempt counts as success when the
     * level matches, and stays a {@code CONFLICT} otherwise.
     *
     * @param group  the group
     * @param userId the user id
     * @param spec   level, expiry and custom role
     * @return the member
     */
    public Member addMember(GroupRef group, long userId, MembershipSpec spec) {
        ObjectNode body = membership(spec).put("user_id", userId);
        return confirmedPost(() -> Mapping.member(send("POST", url("groups", group.segment(), "members").build(),
                body, false)), () -> findMember(group, userId).filter(m -> m.accessLevel() == spec.accessLevel()));
    }

    /**
     * Adds several users with the same level in one request ({@code user_id=1,2}).
     *
     * <p>Retry rule: after a failure the client reads each membership; when all exist with the requested level
     * the earlier attempt took effect.
     *
     * @param group   the group
     * @param userIds the user ids
     * @param spec    level, expiry and custom role
     */
    public void addMembers(GroupRef group, Collection<Long> userIds, MembershipSpec spec) {
        if (userIds.isEmpty()) {
            return;
        }
        ObjectNode body = membership(spec).put("user_id",
                userIds.stream().map(String::valueOf).collect(Collectors.joining(",")));
        confirmedPost(() -> send("POST", url("groups", group.segment(), "members").build(), body, false), () -> {
            for (long id : userIds) {
                if (findMember(group, id).filter(m -> m.accessLevel() == spec.accessLevel()).isEmpty()) {
                    return Optional.empty();
                }
            }
            return Optional.of(mapper.createObjectNode());
        });
    }

    /**
     * Changes a direct member's level, expiry or custom role.
     *
     * @param group  the group
     * @param userId the user id
     * @param spec   the new values
     * @return the member
     */
    public Member editMember(GroupRef group, long userId, MembershipSpec spec) {
        return Mapping.member(send("PUT", url("groups", group.segment(), "members", Long.toString(userId)).build(),
                membership(spec), true));
    }

    /**
     * Removes a direct member, and their subgroup memberships too.
     *
     * @param group  the group
     * @param userId the user id
     */
    public void removeMember(GroupRef group, long userId) {
        removeMember(group, userId, false);
    }

    /**
     * Removes a direct member.
     *
     * @param group            the group
     * @param userId           the user id
     * @param skipSubresources keep the user's memberships in subgroups
     */
    public void removeMember(GroupRef group, long userId, boolean skipSubresources) {
        HttpUrl.Builder url = url("groups", group.segment(), "members", Long.toString(userId));
        if (skipSubresources) {
            url.addQueryParameter("skip_subresources", "true");
        }
        send("DELETE", url.build(), null, true);
    }

    private ObjectNode membership(MembershipSpec spec) {
        ObjectNode body = mapper.createObjectNode().put("access_level", spec.accessLevel().value());
        spec.expiresAt().ifPresent(d -> body.put("expires_at", d.toString()));
        spec.memberRoleId().ifPresent(r -> body.put("member_role_id", r));
        return body;
    }

    // ---------------------------------------------------------------- SAML group links

    /**
     * The group's SAML group links.
     *
     * @param group the group
     * @return the links
     */
    public List<SamlGroupLink> samlGroupLinks(GroupRef group) {
        List<SamlGroupLink> links = new ArrayList<>();
        getJson(url("groups", group.segment(), "saml_group_links").build())
                .forEach(n -> links.add(Mapping.samlGroupLink(n)));
        return List.copyOf(links);
    }

    /**
     * One SAML group link, or empty.
     *
     * @param group the group
     * @param name  the SAML group name
     * @return the link
     */
    public Optional<SamlGroupLink> findSamlGroupLink(GroupRef group, String name) {
        return optional(() -> Mapping.samlGroupLink(getJson(url("groups", group.segment(), "saml_group_links",
                name).build())));
    }

    /**
     * Creates a SAML group link.
     *
     * <p>Retry rule: after a failure the client reads the link by name; one with the same level is the earlier
     * attempt's result.
     *
     * @param group the group
     * @param link  the link
     * @return the created link
     */
    public SamlGroupLink createSamlGroupLink(GroupRef group, SamlGroupLink link) {
        ObjectNode body = mapper.createObjectNode().put("saml_group_name", link.name())
                .put("access_level", link.accessLevel().value());
        link.memberRoleId().ifPresent(r -> body.put("member_role_id", r));
        return confirmedPost(() -> Mapping.samlGroupLink(send("POST", url("groups", group.segment(),
                "saml_group_links").build(), body, false)),
                () -> findSamlGroupLink(group, link.name()).filter(l -> l.accessLevel() == link.accessLevel()));
    }

    /**
     * Deletes a SAML group link.
     *
     * @param group the group
     * @param name  the SAML group name
     */
    public void deleteSamlGroupLink(GroupRef group, String name) {
        send("DELETE", url("groups", group.segment(), "saml_group_links", name).build(), null, true);
    }

    // ---------------------------------------------------------------- service accounts and tokens

    /**
     * The service accounts of a top-level group.
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<ServiceAccount> serviceAccounts(GroupRef group) {
        return stream(paged("groups", group.segment(), "service_accounts"), Mapping::serviceAccount);
    }

    /**
     * Creates a group service account.
     *
     * <p>Retry rule: only when a username is given; after a failure the client lists the group's service accounts
     * and takes the one with that username. Without a username GitLab invents one, so a failed attempt cannot be
     * recognised and is not retried.
     *
     * @param group   the top-level group
     * @param account the account
     * @return the account
     */
    public ServiceAccount createServiceAccount(GroupRef group, NewServiceAccount account) {
        ObjectNode body = mapper.createObjectNode();
        account.name().ifPresent(v -> body.put("name", v));
        account.username().ifPresent(v -> body.put("username", v));
        account.email().ifPresent(v -> body.put("email", v));
        Supplier<ServiceAccount> post = () -> Mapping.serviceAccount(send("POST",
                url("groups", group.segment(), "service_accounts").build(), body, false));
        if (account.username().isEmpty()) {
            return post.get();
        }
        String username = account.username().get();
        return confirmedPost(post, () -> {
            try (Stream<ServiceAccount> s = serviceAccounts(group)) {
                return s.filter(a -> a.username().equalsIgnoreCase(username)).findFirst();
            }
        });
    }

    /**
     * Deletes a group service account.
     *
     * @param group      the group
     * @param userId     the account's user id
     * @param hardDelete also delete its contributions
     */
    public void deleteServiceAccount(GroupRef group, long userId, boolean hardDelete) {
        HttpUrl.Builder url = url("groups", group.segment(), "service_accounts", Long.toString(userId));
        if (hardDelete) {
            url.addQueryParameter("hard_delete", "true");
        }
        send("DELETE", url.build(), null, true);
    }

    /**
     * The tokens of a group service account.
     *
     * @param group  the group
     * @param userId the account's user id
     * @return a lazy stream
     */
    public Stream<AccessToken> serviceAccountTokens(GroupRef group, long userId) {
        return stream(paged("groups", group.segment(), "service_accounts", Long.toString(userId),
                "personal_access_tokens"), Mapping::token);
    }

    /**
     * Creates a token for a group service account. Not retried after failures: a lost answer would leave a live
     * secret nobody knows about, so the caller must decide.
     *
     * @param group  the group
     * @param userId the account's user id
     * @param token  name, scopes, expiry
     * @return the token, with its secret
     */
    public AccessToken createServiceAccountToken(GroupRef group, long userId, NewAccessToken token) {
        return Mapping.token(send("POST", url("groups", group.segment(), "service_accounts", Long.toString(userId),
                "personal_access_tokens").build(), tokenBody(token), false));
    }

    /**
     * Revokes a service account's token.
     *
     * @param group   the group
     * @param userId  the account's user id
     * @param tokenId the token id
     */
    public void revokeServiceAccountToken(GroupRef group, long userId, long tokenId) {
        send("DELETE", url("groups", group.segment(), "service_accounts", Long.toString(userId),
                "personal_access_tokens", Long.toString(tokenId)).build(), null, true);
    }

    /**
     * Rotates a service account's token: GitLab revokes the old value and returns a new one.
     *
     * @param group     the group
     * @param userId    the account's user id
     * @param tokenId   the token id
     * @param expiresAt the new expiry; GitLab's default (one week) when empty
     * @return the new token, with its secret
     */
    public AccessToken rotateServiceAccountToken(GroupRef group, long userId, long tokenId,
            Optional<LocalDate> expiresAt) {
        return rotate(url("groups", group.segment(), "service_accounts", Long.toString(userId),
                "personal_access_tokens", Long.toString(tokenId), "rotate"), expiresAt);
    }

    /**
     * Rotates a personal access token by id.
     *
     * <p>Rotation is never retried after a 5xx or a lost answer: if the first attempt took effect, a second one
     * presents a revoked token, and GitLab then revokes the whole token family.
     *
     * @param tokenId   the token id
     * @param expiresAt the new expiry
     * @return the new token, with its secret
     */
    public AccessToken rotatePersonalAccessToken(long tokenId, Optional<LocalDate> expiresAt) {
        return rotate(url("personal_access_tokens", Long.toString(tokenId), "rotate"), expiresAt);
    }

    /**
     * Rotates the token this client authenticates with ({@code personal_access_tokens/self/rotate}). This client
     * keeps the old, now revoked, token: build a new client with the returned one.
     *
     * @param expiresAt the new expiry
     * @return the new token, with its secret
     */
    public AccessToken rotateOwnToken(Optional<LocalDate> expiresAt) {
        return rotate(url("personal_access_tokens", "self", "rotate"), expiresAt);
    }

    /**
     * The group's access tokens.
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<AccessToken> groupAccessTokens(GroupRef group) {
        return stream(paged("groups", group.segment(), "access_tokens"), Mapping::token);
    }

    /**
     * Rotates a group access token (never retried, see {@link #rotatePersonalAccessToken}).
     *
     * @param group     the group
     * @param tokenId   the token id
     * @param expiresAt the new expiry
     * @return the new token, with its secret
     */
    public AccessToken rotateGroupAccessToken(GroupRef group, long tokenId, Optional<LocalDate> expiresAt) {
        return rotate(url("groups", group.segment(), "access_tokens", Long.toString(tokenId), "rotate"),
                expiresAt);
    }

    private AccessToken rotate(HttpUrl.Builder url, Optional<LocalDate> expiresAt) {
        ObjectNode body = mapper.createObjectNode();
        expiresAt.ifPresent(d -> body.put("expires_at", d.toString()));
        return Mapping.token(send("POST", url.build(), body, false));
    }

    private ObjectNode tokenBody(NewAccessToken token) {
        ObjectNode body = mapper.createObjectNode().put("name", token.name());
        ArrayNode scopes = body.putArray("scopes");
        token.scopes().forEach(scopes::add);
        token.expiresAt().ifPresent(d -> body.put("expires_at", d.toString()));
        return body;
    }

    // ---------------------------------------------------------------- instance service accounts (admin)

    /**
     * The instance's service accounts (self-managed and Dedicated, administrators only).
     *
     * @return a lazy stream
     */
    public Stream<ServiceAccount> instanceServiceAccounts() {
        return stream(paged("service_accounts"), Mapping::serviceAccount);
    }

    /**
     * Creates an instance service account ({@code POST /service_accounts}, administrators only). GitLab names it
     * {@code Service account user} and generates a {@code service_account_...} username when those are empty.
     * Retried like {@link #createServiceAccount}: only when a username is given.
     *
     * @param account name, username, email (all optional)
     * @return the account
     */
    public ServiceAccount createInstanceServiceAccount(NewServiceAccount account) {
        ObjectNode body = mapper.createObjectNode();
        account.name().ifPresent(v -> body.put("name", v));
        account.username().ifPresent(v -> body.put("username", v));
        account.email().ifPresent(v -> body.put("email", v));
        Supplier<ServiceAccount> post = () -> Mapping.serviceAccount(send("POST", url("service_accounts").build(),
                body, false));
        if (account.username().isEmpty()) {
            return post.get();
        }
        String username = account.username().get();
        return confirmedPost(post, () -> {
            try (Stream<ServiceAccount> s = instanceServiceAccounts()) {
                return s.filter(a -> a.username().equalsIgnoreCase(username)).findFirst();
            }
        });
    }

    /**
     * Updates a group service account's name, username or email ({@code PATCH}); empty fields stay as they are.
     *
     * @param group   the top-level group
     * @param userId  the account's user id
     * @param changes the new values
     * @return the account
     */
    public ServiceAccount updateServiceAccount(GroupRef group, long userId, NewServiceAccount changes) {
        ObjectNode body = mapper.createObjectNode();
        changes.name().ifPresent(v -> body.put("name", v));
        changes.username().ifPresent(v -> body.put("username", v));
        changes.email().ifPresent(v -> body.put("email", v));
        return Mapping.serviceAccount(send("PATCH", url("groups", group.segment(), "service_accounts",
                Long.toString(userId)).build(), body, true));
    }

    /**
     * A user's personal access tokens ({@code GET /personal_access_tokens?user_id=}, administrators only for other
     * users).
     *
     * @param userId the user
     * @return a lazy stream
     */
    public Stream<AccessToken> personalAccessTokens(long userId) {
        return stream(url("personal_access_tokens").addQueryParameter("user_id", Long.toString(userId))
                .addQueryParameter("per_page", Integer.toString(PER_PAGE)).build(), Mapping::token);
    }

    /**
     * Creates a personal access token for a user ({@code POST /users/:id/personal_access_tokens}, administrators
     * only): how instance service accounts get tokens. Never retried (see {@link #createServiceAccountToken}).
     *
     * @param userId the user
     * @param token  name, scopes, expiry
     * @return the token, with its secret
     */
    public AccessToken createPersonalAccessToken(long userId, NewAccessToken token) {
        return Mapping.token(send("POST", url("users", Long.toString(userId), "personal_access_tokens").build(),
                tokenBody(token), false));
    }

    /**
     * Revokes a personal access token by id ({@code DELETE /personal_access_tokens/:id}).
     *
     * @param tokenId the token id
     */
    public void revokePersonalAccessToken(long tokenId) {
        send("DELETE", url("personal_access_tokens", Long.toString(tokenId)).build(), null, true);
    }

    // ---------------------------------------------------------------- audit events

    /**
     * Instance audit events (admin only), oldest first.
     *
     * @return a lazy stream
     */
    public Stream<AuditEvent> auditEvents() {
        return stream(keyset(url("audit_events")), Mapping::auditEvent);
    }

    /**
     * A group's audit events, oldest first.
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<AuditEvent> groupAuditEvents(GroupRef group) {
        return stream(keyset(url("groups", group.segment(), "audit_events")), Mapping::auditEvent);
    }

    // ---------------------------------------------------------------- SCIM

    /**
     * GitLab's own SCIM API at group or instance level. Build this client with the SCIM token and
     * {@link TokenKind#BEARER}.
     *
     * @param scope group or instance
     * @return the SCIM calls
     */
    public GitLabScim scim(ScimScope scope) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("api/scim/v2");
        if (scope instanceof ScimScope.Group g) {
            url.addPathSegment("groups").addPathSegment(g.path());
        } else {
            url.addPathSegment("application");
        }
        return new GitLabScim(transport, url.addPathSegment("Users").build());
    }

    // ---------------------------------------------------------------- plumbing

    @Override
    public String toString() {
        return "GitLabClient[baseUrl=" + baseUrl + ", tokenKind=" + tokenKind + ", token=****]";
    }

    /** Releases the connections and threads of the OkHttp client when this client created it. */
    @Override
    public void close() {
        if (ownsHttpClient) {
            transport.http().dispatcher().executorService().shutdown();
            transport.http().connectionPool().evictAll();
        }
    }

    private HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder b = api.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    private HttpUrl paged(String... segments) {
        return url(segments).addQueryParameter("per_page", Integer.toString(PER_PAGE)).build();
    }

    private static HttpUrl keyset(HttpUrl.Builder b) {
        return b.addQueryParameter("pagination", "keyset").addQueryParameter("order_by", "id")
                .addQueryParameter("sort", "asc").addQueryParameter("per_page", Integer.toString(PER_PAGE)).build();
    }

    private <T> Stream<T> stream(HttpUrl first, Function<JsonNode, T> mapper) {
        PageIterator<T> it = new PageIterator<>(transport, first, mapper);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED
                | Spliterator.NONNULL), false);
    }

    private JsonNode getJson(HttpUrl url) {
        return send("GET", url, null, true);
    }

    private JsonNode send(String method, HttpUrl url, @Nullable JsonNode body, boolean idempotent) {
        Transport.Reply reply = transport.send(method, url, body, Transport.JSON, idempotent);
        return parse(reply, method, url);
    }

    private JsonNode parse(Transport.Reply reply, String method, HttpUrl url) {
        if (reply.body().isBlank()) {
            return mapper.nullNode();
        }
        try {
            return mapper.readTree(reply.body());
        } catch (IOException e) {
            throw new GitLabException(GitLabException.Kind.UNEXPECTED, reply.status(), "answer is not JSON", method,
                    url.encodedPath(), Map.of(), null, e);
        }
    }

    private static <T> Optional<T> optional(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (GitLabException e) {
            if (e.kind() == GitLabException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Runs a non-idempotent POST. After an UNAVAILABLE failure it waits a backoff step, asks {@code landed}
     * whether the failed attempt took effect after all, and only sends again when it did not. A CONFLICT on a
     * retried attempt is also checked with {@code landed}, since it may be the earlier attempt's own result.
     */
    private <T> T confirmedPost(Supplier<T> attempt, Supplier<Optional<T>> landed) {
        int failures = 0;
        while (true) {
            try {
                return attempt.get();
            } catch (GitLabException e) {
                boolean interrupted = Thread.currentThread().isInterrupted();
                if (!interrupted && e.kind() == GitLabException.Kind.UNAVAILABLE
                        && failures + 1 < transport.policy().maxAttempts()) {
                    failures++;
                    transport.pause(transport.backoff(failures), e.method(), e.path());
                    Optional<T> result = landed.get();
                    if (result.isPresent()) {
                        return result.get();
                    }
                    continue;
                }
                if (e.kind() == GitLabException.Kind.CONFLICT && failures > 0) {
                    Optional<T> result = landed.get();
                    if (result.isPresent()) {
                        return result.get();
                    }
                }
                throw e;
            }
        }
    }

    /**
     * Configures a {@link GitLabClient}. Not thread-safe; {@link #toString()} never shows the token.
     */
    public static final class Builder {
        private @Nullable String baseUrl;
        private @Nullable String token;
        private @Nullable Supplier<String> tokenSupplier;
        private Duration refusedPause = Duration.ofSeconds(30);
        private TokenKind tokenKind = TokenKind.PRIVATE_TOKEN;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofSeconds(60);
        private int requestsPerMinute = 2_000;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private @Nullable OkHttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        /**
         * The GitLab base URL, e.g. {@code https://gitlab.example.com} (without {@code /api/v4}).
         *
         * @param value the URL
         * @return this builder
         */
        public Builder baseUrl(String value) {
            this.baseUrl = Objects.requireNonNull(value, "baseUrl");
            return this;
        }

        /**
         * The token.
         *
         * @param value the token
         * @return this builder
         */
        public Builder token(String value) {
            this.token = Objects.requireNonNull(value, "token");
            this.tokenSupplier = null;
            return this;
        }

        /**
         * Where the token comes from instead of a fixed {@link #token(String)}: asked before every request, so a
         * rotated token takes effect with the next request and requests in flight finish with the one they read.
         * A {@link TokenSource} also hears about 401s and may supply a fresher value, which is tried once.
         *
         * @param value the supplier (for example {@code io.scimlab.gitlab.token.TokenRotator#tokenSource()})
         * @return this builder
         */
        public Builder tokenSupplier(Supplier<String> value) {
            this.tokenSupplier = Objects.requireNonNull(value, "tokenSupplier");
            this.token = null;
            return this;
        }

        /**
         * How long a token GitLab refused (401: revoked or expired) is not sent again (default 30 seconds);
         * requests meanwhile fail at once with {@link GitLabException.Kind#UNAUTHORIZED}. A different token from
         * the {@link #tokenSupplier supplier} is sent at once.
         *
         * @param value the pause, zero to send every request
         * @return this builder
         */
        public Builder refusedTokenPause(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("refusedTokenPause must not be negative");
            }
            this.refusedPause = value;
            return this;
        }

        /**
         * How to send the token (default {@link TokenKind#PRIVATE_TOKEN}).
         *
         * @param value the kind
         * @return this builder
         */
        public Builder tokenKind(TokenKind value) {
            this.tokenKind = Objects.requireNonNull(value, "tokenKind");
            return this;
        }

        /**
         * The connect timeout (default 10 s).
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /**
         * The read and write timeout (default 30 s).
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder readTimeout(Duration value) {
            this.readTimeout = Objects.requireNonNull(value, "readTimeout");
            return this;
        }

        /**
         * The timeout of one whole HTTP exchange (default 60 s).
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder callTimeout(Duration value) {
            this.callTimeout = Objects.requireNonNull(value, "callTimeout");
            return this;
        }

        /**
         * The request budget per minute (default 2,000, GitLab.com's authenticated limit); 0 turns pacing off.
         *
         * @param value requests per minute
         * @return this builder
         */
        public Builder requestsPerMinute(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("requestsPerMinute must not be negative");
            }
            this.requestsPerMinute = value;
            return this;
        }

        /**
         * The retry policy (default {@link RetryPolicy#defaults()}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /**
         * An OkHttp client to share (its pool, dispatcher and interceptors); the timeouts of this builder are
         * applied to a derived client.
         *
         * @param value the client
         * @return this builder
         */
        public Builder httpClient(OkHttpClient value) {
            this.httpClient = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /**
         * The clock for rate-limit resets and pacing (tests use a fake one).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How the client waits (tests use one that only advances their clock).
         *
         * @param value the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper value) {
            this.sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws IllegalStateException when the base URL or token is missing or the URL is invalid
         */
        public GitLabClient build() {
            if (baseUrl == null || (token == null && tokenSupplier == null)) {
                throw new IllegalStateException("baseUrl and token are required");
            }
            HttpUrl parsed = HttpUrl.parse(baseUrl);
            if (parsed == null) {
                throw new IllegalStateException("invalid baseUrl");
            }
            // User info (https://oauth2:glpat-...@host) is never sent by OkHttp; dropping it keeps a token written
            // into the URL out of baseUrl(), toString() and everything that prints them.
            String fixed = token;
            return new GitLabClient(this, tokenSupplier != null ? tokenSupplier : () -> fixed,
                    parsed.newBuilder().username("").password("").build());
        }

        @Override
        public String toString() {
            HttpUrl parsed = baseUrl == null ? null : HttpUrl.parse(baseUrl);
            String url = baseUrl == null ? "unset" : parsed == null ? "(invalid)"
                    : parsed.newBuilder().username("").password("").build().toString();
            return "GitLabClient.Builder[baseUrl=" + url + ", tokenKind=" + tokenKind + ", token="
                    + (token == null ? tokenSupplier == null ? "unset" : "supplied" : "****") + ", requestsPerMinute="
                    + requestsPerMinute + "]";
        }
    }
}
