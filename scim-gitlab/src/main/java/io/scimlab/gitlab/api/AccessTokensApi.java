package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * Personal, group and service-account access tokens; obtain it from {@link GitLabClient#accessTokens()}.
 *
 * <p>Creating and rotating a token is never retried after a failure: a lost answer would leave a live secret
 * nobody knows about. Rotating a token by id that is already revoked is a 400 ({@code Token already revoked}) and
 * changes nothing; but a revoked token <em>presented as the credential</em> on a rotate path (as a retried
 * {@link #rotateOwn} would) is reuse, upon which GitLab revokes the whole token family. The caller decides.
 */
public final class AccessTokensApi {
    private final Rest rest;

    AccessTokensApi(Rest rest) {
        this.rest = rest;
    }

    /**
     * The token this client authenticates with ({@code GET /personal_access_tokens/self}): its scopes, expiry and
     * state, without the secret. Personal, group, project and service-account tokens have one; an OAuth token
     * does not (404).
     *
     * @return the token
     */
    public AccessToken self() {
        return GitLabJson.token(rest.get(rest.url("personal_access_tokens", "self").build()));
    }

    /**
     * The tokens of a group service account (GitLab 17.11 and later; older versions answer 404).
     *
     * @param group  the group
     * @param userId the account's user id
     * @return a lazy stream
     */
    public Stream<AccessToken> listServiceAccount(GroupRef group, long userId) {
        return rest.stream(rest.paged("groups", group.segment(), "service_accounts", Long.toString(userId),
                "personal_access_tokens"), GitLabJson::token);
    }

    /**
     * Creates a token for a group service account (never retried).
     *
     * @param group  the group
     * @param userId the account's user id
     * @param token  name, scopes, expiry
     * @return the token, with its secret
     */
    public AccessToken createServiceAccount(GroupRef group, long userId, NewAccessToken token) {
        return GitLabJson.token(rest.send("POST", rest.url("groups", group.segment(), "service_accounts",
                Long.toString(userId), "personal_access_tokens").build(), body(token), false));
    }

    /**
     * Revokes a service account's token.
     *
     * @param group   the group
     * @param userId  the account's user id
     * @param tokenId the token id
     */
    public void revokeServiceAccount(GroupRef group, long userId, long tokenId) {
        rest.send("DELETE", rest.url("groups", group.segment(), "service_accounts", Long.toString(userId),
                "personal_access_tokens", Long.toString(tokenId)).build(), null, true);
    }

    /**
     * Rotates a service account's token: GitLab revokes the old value and returns a new one (never retried).
     *
     * @param group     the group
     * @param userId    the account's user id
     * @param tokenId   the token id
     * @param expiresAt the new expiry; GitLab's default (one week) when empty
     * @return the new token, with its secret
     */
    public AccessToken rotateServiceAccount(GroupRef group, long userId, long tokenId,
            Optional<LocalDate> expiresAt) {
        return rotate(rest.url("groups", group.segment(), "service_accounts", Long.toString(userId),
                "personal_access_tokens", Long.toString(tokenId), "rotate"), expiresAt);
    }

    /**
     * A user's personal access tokens ({@code GET /personal_access_tokens?user_id=}, administrators only for other
     * users).
     *
     * @param userId the user
     * @return a lazy stream
     */
    public Stream<AccessToken> listPersonal(long userId) {
        return rest.stream(rest.url("personal_access_tokens").addQueryParameter("user_id", Long.toString(userId))
                .addQueryParameter("per_page", Integer.toString(Rest.PER_PAGE)).build(), GitLabJson::token);
    }

    /**
     * Creates a personal access token for a user ({@code POST /users/:id/personal_access_tokens}, administrators
     * only): how instance service accounts get tokens. Never retried.
     *
     * @param userId the user
     * @param token  name, scopes, expiry
     * @return the token, with its secret
     */
    public AccessToken createPersonal(long userId, NewAccessToken token) {
        return GitLabJson.token(rest.send("POST", rest.url("users", Long.toString(userId),
                "personal_access_tokens").build(), body(token), false));
    }

    /**
     * Revokes a personal access token by id ({@code DELETE /personal_access_tokens/:id}).
     *
     * @param tokenId the token id
     */
    public void revokePersonal(long tokenId) {
        rest.send("DELETE", rest.url("personal_access_tokens", Long.toString(tokenId)).build(), null, true);
    }

    /**
     * Rotates a personal access token by id (never retried).
     *
     * @param tokenId   the token id
     * @param expiresAt the new expiry
     * @return the new token, with its secret
     */
    public AccessToken rotatePersonal(long tokenId, Optional<LocalDate> expiresAt) {
        return rotate(rest.url("personal_access_tokens", Long.toString(tokenId), "rotate"), expiresAt);
    }

    /**
     * Rotates the token this client authenticates with ({@code personal_access_tokens/self/rotate}). This client
     * keeps the old, now revoked, token: build a new client with the returned one.
     *
     * @param expiresAt the new expiry
     * @return the new token, with its secret
     */
    public AccessToken rotateOwn(Optional<LocalDate> expiresAt) {
        return rotate(rest.url("personal_access_tokens", "self", "rotate"), expiresAt);
    }

    /**
     * The group's access tokens.
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<AccessToken> listGroup(GroupRef group) {
        return rest.stream(rest.paged("groups", group.segment(), "access_tokens"), GitLabJson::token);
    }

    /**
     * Rotates a group access token (never retried).
     *
     * @param group     the group
     * @param tokenId   the token id
     * @param expiresAt the new expiry
     * @return the new token, with its secret
     */
    public AccessToken rotateGroup(GroupRef group, long tokenId, Optional<LocalDate> expiresAt) {
        return rotate(rest.url("groups", group.segment(), "access_tokens", Long.toString(tokenId), "rotate"),
                expiresAt);
    }

    private AccessToken rotate(HttpUrl.Builder url, Optional<LocalDate> expiresAt) {
        ObjectNode body = rest.object();
        expiresAt.ifPresent(d -> body.put("expires_at", d.toString()));
        return GitLabJson.token(rest.send("POST", url.build(), body, false));
    }

    private ObjectNode body(NewAccessToken token) {
        ObjectNode body = rest.object().put("name", token.name());
        ArrayNode scopes = body.putArray("scopes");
        token.scopes().forEach(scopes::add);
        token.expiresAt().ifPresent(d -> body.put("expires_at", d.toString()));
        return body;
    }
}
