package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.match;
import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;
import static io.scimlab.testkit.gitlab.FakeRest.str;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.Membership;
import io.scimlab.testkit.gitlab.FakeState.Token;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Access tokens: authenticating a request ({@code lib/api/api_guard.rb}, {@code lib/gitlab/auth/auth_finders.rb}),
 * the personal access token API ({@code lib/api/personal_access_tokens.rb}), group access tokens and rotation
 * ({@code app/services/personal_access_tokens/rotate_service.rb}).
 */
final class FakeTokens {
    /** {@code AuthFinders}: a revoked token presented on one of these paths revokes the tokens rotated from it. */
    private static final Pattern ROTATE_PATH = Pattern.compile(".*access_tokens/(\\d+|self)/rotate$");
    private static final List<String> SCOPES = List.of("api", "read_api", "read_user", "create_runner",
            "manage_runner", "k8s_proxy", "read_repository", "write_repository", "read_registry", "write_registry",
            "ai_features", "sudo", "admin_mode", "read_service_ping", "self_rotate");

    private final FakeState state;
    private final FakeRest rest;
    private final FakeAudit audit;
    private final FakeUserStates userStates;

    FakeTokens(FakeState state, FakeRest rest, FakeAudit audit, FakeUserStates userStates) {
        this.state = state;
        this.rest = rest;
        this.audit = audit;
        this.userStates = userStates;
    }

    // ------------------------------------------------------------------ seeding and inspection

    String seedToken(long userId, List<String> scopes, @Nullable String value) {
        state.user(userId);
        Token t = newToken(userId, "seeded", scopes, state.today().plusYears(1).toString(), null, 0, null);
        if (value != null) {
            state.tokensByValue.remove(t.value);
            t.value = value;
            state.tokensByValue.put(value, t);
        }
        return t.value;
    }

    OptionalLong tokenId(String value) {
        Token t = state.tokensByValue.get(value);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t.id);
    }

    Optional<String> tokenExpiry(String value) {
        return Optional.ofNullable(state.tokensByValue.get(value)).map(t -> t.expiresAt);
    }

    void tokenExpires(String value, LocalDate date) {
        known(value).expiresAt = date.toString();
    }

    void revokeToken(String value) {
        known(value).revoked = true;
    }

    boolean tokenActive(String value) {
        Token t = state.tokensByValue.get(value);
        return t != null && !t.revoked && !expired(t);
    }

    private Token known(String value) {
        Token t = state.tokensByValue.get(value);
        if (t == null) {
            throw new IllegalArgumentException("no such token");
        }
        return t;
    }

    /** {@code expires_at <= Time.current}: a token stops working at 00:00 UTC of its expiry date. */
    private boolean expired(Token t) {
        return t.expiresAt != null && !state.today().isBefore(LocalDate.parse(t.expiresAt));
    }

    // ------------------------------------------------------------------ authentication

    /**
     * The user behind a request's token. Unknown: 401 {@code 401 Unauthorized}; revoked or expired: 401
     * {@code invalid_token}; a user who may not use the API (blocked, deactivated, ...): 403 with the reason. Using
     * the API is activity, which keeps the user from being deactivated as dormant.
     */
    User authenticate(Req r) {
        Token t = r.token() == null ? null : state.tokensByValue.get(r.token());
        if (t == null) {
            throw FakeError.message(401, "401 Unauthorized");
        }
        if (t.revoked) {
            if (ROTATE_PATH.matcher(r.rawPath()).matches()) {
                revokeDescendants(t);
            }
            throw invalidToken("Token was revoked. You have to re-authorize from the user.");
        }
        if (expired(t)) {
            throw invalidToken("Token is expired. You can either do re-authorization or token refresh.");
        }
        User u = state.users.get(t.userId);
        if (u == null) {
            throw FakeError.message(401, "401 Unauthorized");
        }
        FakeError denied = userStates.accessDenied(u);
        if (denied != null) {
            throw denied;
        }
        userStates.recordActivity(u);
        t.lastUsedAt = state.now();
        return u;
    }

    private static FakeError invalidToken(String description) {
        return new FakeError(401, JSON.objectNode().put("error", "invalid_token").put("error_description",
                description));
    }

    /** {@code RevokeTokenFamilyService}: every active token rotated, directly or not, from this one. */
    private void revokeDescendants(Token root) {
        Set<Long> family = new HashSet<>(List.of(root.id));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Token t : state.tokensById.values()) {
                if (t.previousId != null && family.contains(t.previousId) && family.add(t.id)) {
                    grew = true;
                }
            }
        }
        family.forEach(id -> state.token(id).revoked = true);
    }

    // ------------------------------------------------------------------ routes

    /** {@code /personal_access_tokens[/:id|self[/rotate]]}. */
    Resp personalAccessTokens(Req r, User me, List<String> p) {
        String m = r.method();
        boolean admin = state.isAdmin(me);
        if (p.size() == 1) {
            if (!m.equals("GET")) {
                return notAllowed();
            }
            Optional<String> userId = str(r.params(), "user_id");
            if (userId.isPresent() && !admin && FakeRest.parseId(userId.get(), "user_id") != me.id) {
                throw FakeError.message(401, "401 Unauthorized");
            }
            Long uid = userId.map(x -> FakeRest.parseId(x, "user_id")).orElse(admin ? null : me.id);
            return rest.page(r, state.tokensById.values().stream()
                    .filter(t -> uid == null || t.userId == uid).map(t -> tokenJson(t, false)).toList());
        }
        Token presented = state.tokensByValue.get(r.token());
        boolean self = p.get(1).equals("self");
        Token t = self ? presented : p.get(1).matches("\\d+") ? state.tokensById.get(Long.parseLong(p.get(1)))
                : null;
        if (!self && !p.get(1).matches("\\d+")) {
            throw FakeError.error(400, "id is invalid");
        }
        boolean mine = t != null && (t.userId == me.id || admin);
        if (p.size() == 3 && p.get(2).equals("rotate") && m.equals("POST")) {
            if (!mine || t == null) { // mine implies t != null
                // Not allowed or not found: 401 for everyone but an administrator.
                throw admin ? FakeError.message(404, "404 Not Found") : FakeError.message(401, "401 Unauthorized");
            }
            return rotate(r, me, t);
        }
        if (p.size() != 2) {
            throw FakeError.error(404, "404 Not Found");
        }
        if (m.equals("GET")) {
            if (!mine || t == null) { // mine implies t != null
                throw FakeError.message(404, "404 Not Found");
            }
            return Resp.of(200, tokenJson(t, false));
        }
        if (m.equals("DELETE")) {
            if (t == null) {
                throw FakeError.message(404, "404 Not Found");
            }
            if (!mine || t == null) { // mine implies t != null
                // RevokeService refuses someone else's token; the helper answers a bare 400.
                throw FakeError.message(400, "400 Bad request");
            }
            t.revoked = true;
            audit.record(me, t.userId, "User", "personal_access_token_revoked", "Revoked token " + t.name, t.groupId);
            return Resp.of(204, null);
        }
        return notAllowed();
    }

    /** {@code POST /users/:user_id/personal_access_tokens} (administrators). */
    Resp createForUser(Req r, User me, String userId) {
        if (!r.method().equals("POST")) {
            throw FakeError.error(404, "404 Not Found");
        }
        state.requireUserAdmin(me);
        String name = str(r.params(), "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
        List<String> scopes = scopes(r.params());
        User u = state.user404(userId);
        Token t = newToken(u.id, name, scopes, expiry(r.params()), null, 0, null);
        audit.record(me, u.id, "User", "personal_access_token_created", "Created token " + name, null);
        return Resp.of(201, tokenJson(t, true));
    }

    /** {@code /groups/:id/access_tokens[/:token_id[/rotate]]}: a group access token comes with its own bot member. */
    Resp groupAccessTokens(Req r, User me, Group g, List<String> p) {
        String m = r.method();
        if (p.size() == 1) {
            if (m.equals("GET")) {
                return rest.page(r, state.tokensById.values().stream().filter(t -> Long.valueOf(g.id)
                        .equals(t.groupId)).map(t -> tokenJson(t, false)).toList());
            }
            if (!m.equals("POST")) {
                return notAllowed();
            }
            String name = str(r.params(), "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
            List<String> scopes = scopes(r.params());
            int level = FakeRest.intParam(r.params(), "access_level").orElse(40);
            User bot = new User(state.nextUserId++, "group_" + g.id + "_bot_" + HexFormat.of().toHexDigits(
                    state.random.nextInt()), name, "group" + g.id + "_bot@noreply." + state.host(), state.now());
            bot.bot = true;
            state.users.put(bot.id, bot);
            state.direct(g).put(bot.id, new Membership(level, state.now()));
            Token t = newToken(bot.id, name, scopes, expiry(r.params()), g.id, level, null);
            return Resp.of(201, tokenJson(t, true));
        }
        Token t = p.get(1).equals("self") ? state.tokensByValue.get(r.token())
                : state.tokensById.get(FakeRest.parseId(p.get(1), "token_id"));
        if (t == null || !Long.valueOf(g.id).equals(t.groupId)) {
            throw FakeError.message(404, "404 Not Found");
        }
        if (match(p, "access_tokens", "*", "rotate") && m.equals("POST")) {
            return rotate(r, me, t);
        }
        if (p.size() == 2 && m.equals("DELETE")) {
            t.revoked = true;
            return Resp.of(204, null);
        }
        if (p.size() == 2 && m.equals("GET")) {
            return Resp.of(200, tokenJson(t, false));
        }
        throw FakeError.error(404, "404 Not Found");
    }

    /**
     * {@code PersonalAccessTokens::RotateService}: a revoked target is a 400 (and nothing else happens); otherwise the
     * old token is revoked and a new one with the same name and scopes returned, expiring on {@code expires_at} or
     * in a week (the instance requires an expiry).
     */
    Resp rotate(Req r, User me, Token old) {
        if (old.revoked) {
            throw FakeError.message(400, "400 Bad request - Token already revoked");
        }
        old.revoked = true;
        String expires = str(r.params(), "expires_at").orElse(state.today().plusWeeks(1).toString());
        Token t = newToken(old.userId, old.name, old.scopes, expires, old.groupId, old.accessLevel, old.id);
        audit.record(me, old.userId, "User", "personal_access_token_rotated", "Rotated token " + old.name, old.groupId);
        return Resp.of(200, tokenJson(t, true));
    }

    Token newToken(long userId, String name, List<String> scopes, @Nullable String expiresAt, @Nullable Long groupId,
            int accessLevel, @Nullable Long previousId) {
        Token t = new Token();
        t.id = state.nextTokenId++;
        t.userId = userId;
        t.name = name;
        t.value = state.secret("glpat-");
        t.scopes = List.copyOf(scopes);
        t.expiresAt = expiresAt;
        t.groupId = groupId;
        t.accessLevel = accessLevel;
        t.previousId = previousId;
        t.createdAt = state.now();
        state.tokensById.put(t.id, t);
        state.tokensByValue.put(t.value, t);
        return t;
    }

    /**
     * A new token's expiry: {@code expires_at}, else (API docs) the maximum allowed lifetime, 365 days.
     */
    String expiry(ObjectNode q) {
        return str(q, "expires_at").orElse(state.today().plusDays(365).toString());
    }

    /** {@code scopes}: required, comma-separated or an array, each one of GitLab's scopes. */
    static List<String> scopes(ObjectNode q) {
        JsonNode s = q.path("scopes");
        List<String> scopes = new ArrayList<>();
        if (s.isArray()) {
            s.forEach(x -> scopes.add(x.asText()));
        } else if (s.isTextual()) {
            for (String x : s.asText().split(",", -1)) {
                if (!x.isBlank()) {
                    scopes.add(x.trim());
                }
            }
        }
        if (scopes.isEmpty()) {
            throw FakeError.error(400, "scopes is missing");
        }
        if (!SCOPES.containsAll(scopes)) {
            throw FakeError.error(400, "scopes does not have a valid value");
        }
        return scopes;
    }

    ObjectNode tokenJson(Token t, boolean withSecret) {
        ObjectNode n = JSON.objectNode();
        n.put("id", t.id).put("name", t.name).put("revoked", t.revoked).put("created_at", t.createdAt.toString())
                .putNull("description");
        ArrayNode scopes = n.putArray("scopes");
        t.scopes.forEach(scopes::add);
        n.put("user_id", t.userId);
        if (t.lastUsedAt == null) {
            n.putNull("last_used_at");
        } else {
            n.put("last_used_at", t.lastUsedAt.toString());
        }
        n.put("active", !t.revoked && !expired(t));
        if (t.expiresAt == null) {
            n.putNull("expires_at");
        } else {
            n.put("expires_at", t.expiresAt);
        }
        if (t.groupId != null) {
            n.put("access_level", t.accessLevel);
        }
        if (withSecret) {
            n.put("token", t.value);
        }
        return n;
    }
}
