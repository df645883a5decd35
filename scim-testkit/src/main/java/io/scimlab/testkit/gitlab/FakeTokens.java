package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.match;
import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;
import static io.scimlab.testkit.gitlab.FakeRest.parseId;
import static io.scimlab.testkit.gitlab.FakeRest.str;
import static io.scimlab.testkit.gitlab.FakeState.now;

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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Tokens and service accounts: personal, group and service account access tokens (create, list, rotate, revoke),
 * group and instance service accounts, and authenticating a request's token.
 */
final class FakeTokens {
    private final FakeState state;
    private final FakeRest rest;
    private final FakeAudit audit;

    FakeTokens(FakeState state, FakeRest rest, FakeAudit audit) {
        this.state = state;
        this.rest = rest;
        this.audit = audit;
    }

    // ------------------------------------------------------------------ seeding and inspection

    String seedToken(long userId, List<String> scopes) {
        state.user(userId);
        return newToken(userId, "seeded", scopes, LocalDate.now().plusYears(1).toString(), null, 0, 0).value;
    }

    /** Seeds a token with a chosen value (the sandbox's --gitlab-token). */
    String seedToken(long userId, List<String> scopes, String value) {
        Token t = newToken(userId, "seeded", scopes, LocalDate.now().plusYears(1).toString(), null, 0, 0);
        state.tokensByValue.remove(t.value);
        t.value = value;
        state.tokensByValue.put(value, t);
        return value;
    }

    Optional<String> serviceAccountKind(long userId) {
        User u = state.users.get(userId);
        if (u == null || !(u.instanceServiceAccount || u.serviceAccountOf != null)) {
            return Optional.empty();
        }
        return Optional.of(u.serviceAccountOf == null ? "instance" : "group:" + u.serviceAccountOf);
    }

    OptionalLong tokenId(String value) {
        Token t = state.tokensByValue.get(value);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t.id);
    }

    Optional<String> tokenExpiry(String value) {
        return Optional.ofNullable(state.tokensByValue.get(value)).map(t -> t.expiresAt);
    }

    void tokenExpires(String value, LocalDate date) {
        Token t = state.tokensByValue.get(value);
        if (t == null) {
            throw new IllegalArgumentException("no such token");
        }
        t.expiresAt = date.toString();
    }

    void revokeToken(String value) {
        Token t = state.tokensByValue.get(value);
        if (t == null) {
            throw new IllegalArgumentException("no such token");
        }
        t.revoked = true;
    }

    boolean tokenActive(String value) {
        Token t = state.tokensByValue.get(value);
        return t != null && !t.revoked;
    }

    // ------------------------------------------------------------------ routes

    User authenticate(@Nullable String value) {
        Token t = value == null ? null : state.tokensByValue.get(value);
        User u = t == null ? null : state.users.get(t.userId);
        if (t == null || t.revoked || u == null || LocalDate.parse(t.expiresAt).isBefore(LocalDate.now())
                || !(u.state.equals("active") || u.state.equals("deactivated"))) {
            throw FakeError.message(401, "401 Unauthorized");
        }
        return u;
    }

    Resp serviceAccounts(Req r, User me, Group g, List<String> p) {
        String m = r.method();
        if (g.parentId != null) {
            throw FakeError.message(400, "400 Bad request - Group must be a top-level group");
        }
        if (match(p, "service_accounts")) {
            if (m.equals("GET")) {
                return rest.page(r, state.users.values().stream()
                        .filter(u -> Long.valueOf(g.id).equals(u.serviceAccountOf))
                        .map(this::serviceAccountJson).toList());
            }
            if (m.equals("POST")) {
                String suffix = HexFormat.of().toHexDigits(state.random.nextInt());
                String username = str(r.params(), "username").orElse("service_account_group_" + g.id + "_" + suffix);
                String email = str(r.params(), "email").orElse(username + "@noreply." + state.host());
                if (state.findByUsername(username).isPresent()) {
                    throw FakeError.message(400, "Username has already been taken");
                }
                if (state.findByEmail(email).isPresent()) {
                    throw FakeError.message(400, "Email has already been taken");
                }
                User u = new User(state.nextUserId++, username, str(r.params(), "name").orElse("Service account user"),
                        email, now());
                u.bot = true;
                u.serviceAccountOf = g.id;
                state.users.put(u.id, u);
                audit.record(me, u.id, "User", "service_account_created", "Created service account " + username, g.id);
                return Resp.of(201, serviceAccountJson(u));
            }
            return notAllowed();
        }
        User sa = state.users.get(parseId(p.get(1)));
        if (sa == null || !Long.valueOf(g.id).equals(sa.serviceAccountOf)) {
            throw FakeError.message(404, "404 User Not Found");
        }
        if (p.size() == 2) {
            if (m.equals("DELETE")) {
                state.removeUser(sa);
                return Resp.of(204, null);
            }
            if (m.equals("PATCH")) {
                str(r.params(), "name").ifPresent(v -> sa.name = v);
                str(r.params(), "username").ifPresent(v -> sa.username = v);
                str(r.params(), "email").ifPresent(v -> sa.email = v);
                return Resp.of(200, serviceAccountJson(sa));
            }
            return notAllowed();
        }
        if (match(p, "service_accounts", "*", "personal_access_tokens")) {
            if (m.equals("GET")) {
                return rest.page(r, state.tokensById.values().stream().filter(t -> t.userId == sa.id)
                        .map(t -> tokenJson(t, false)).toList());
            }
            if (m.equals("POST")) {
                String name = str(r.params(), "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
                Token t = newToken(sa.id, name, scopes(r.params()), expiry(r.params()), null, 0, 0);
                return Resp.of(201, tokenJson(t, true));
            }
            return notAllowed();
        }
        if (p.size() >= 4 && p.get(2).equals("personal_access_tokens")) {
            Token t = state.tokensById.get(parseId(p.get(3)));
            if (t == null || t.userId != sa.id) {
                throw FakeError.message(404, "404 Not Found");
            }
            if (p.size() == 4 && m.equals("DELETE")) {
                t.revoked = true;
                return Resp.of(204, null);
            }
            if (p.size() == 5 && p.get(4).equals("rotate") && m.equals("POST")) {
                return rotate(r, me, t);
            }
        }
        throw FakeError.error(404, "404 Not Found");
    }

    /**
     * Instance service accounts ({@code GET/POST /service_accounts}, admin; GitLab.com has no instance admin) and
     * the personal access token API: admin create for a user, list (own, or any user's for an admin) and revoke.
     */
    Resp instanceServiceAccounts(Req r, User me, List<String> p) {
        String m = r.method();
        if (match(p, "service_accounts")) {
            state.requireUserAdmin(me);
            if (m.equals("GET")) {
                return rest.page(r, state.users.values().stream().filter(u -> u.instanceServiceAccount)
                        .map(this::serviceAccountJson).toList());
            }
            if (!m.equals("POST")) {
                return notAllowed();
            }
            String username = str(r.params(), "username").orElse("service_account_"
                    + HexFormat.of().toHexDigits(state.random.nextInt()));
            String email = str(r.params(), "email").orElse(username + "@noreply." + state.host());
            if (state.findByUsername(username).isPresent()) {
                throw FakeError.message(400, "Username has already been taken");
            }
            if (state.findByEmail(email).isPresent()) {
                throw FakeError.message(400, "Email has already been taken");
            }
            User u = new User(state.nextUserId++, username, str(r.params(), "name").orElse("Service account user"),
                    email, now());
            u.bot = true;
            u.instanceServiceAccount = true;
            state.users.put(u.id, u);
            audit.record(me, u.id, "User", "service_account_created", "Created service account " + username, null);
            return Resp.of(201, serviceAccountJson(u));
        }
        if (match(p, "users", "*", "personal_access_tokens")) {
            state.requireUserAdmin(me);
            User u = state.user404(p.get(1));
            if (!m.equals("POST")) {
                return notAllowed();
            }
            String name = str(r.params(), "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
            Token t = newToken(u.id, name, scopes(r.params()), expiry(r.params()), null, 0, 0);
            audit.record(me, u.id, "User", "personal_access_token_created", "Created token " + name, null);
            return Resp.of(201, tokenJson(t, true));
        }
        if (match(p, "personal_access_tokens") && m.equals("GET")) {
            Optional<String> userId = str(r.params(), "user_id");
            if (userId.isPresent() && !me.admin && parseId(userId.get()) != me.id) {
                throw FakeError.message(403, "403 Forbidden");
            }
            long uid = userId.map(FakeRest::parseId).orElse(me.id);
            return rest.page(r, state.tokensById.values().stream().filter(t -> t.userId == uid && t.groupId == null)
                    .map(t -> tokenJson(t, false)).toList());
        }
        if (match(p, "personal_access_tokens", "*") && m.equals("DELETE")) {
            Token t = p.get(1).equals("self") ? state.tokensByValue.get(r.token())
                    : state.tokensById.get(parseId(p.get(1)));
            if (t == null || (t.userId != me.id && !me.admin)) {
                throw FakeError.message(404, "404 Not Found");
            }
            t.revoked = true;
            audit.record(me, t.userId, "User", "personal_access_token_revoked", "Revoked token " + t.name, t.groupId);
            return Resp.of(204, null);
        }
        throw FakeError.error(404, "404 Not Found");
    }

    /** {@code GET/POST /groups/:id/access_tokens}: a group access token comes with its own bot member. */
    Resp groupAccessTokens(Req r, Group g) {
        String m = r.method();
        if (m.equals("GET")) {
            return rest.page(r, state.tokensById.values().stream().filter(t -> Long.valueOf(g.id).equals(t.groupId))
                    .map(t -> tokenJson(t, false)).toList());
        }
        if (m.equals("POST")) {
            String name = str(r.params(), "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
            List<String> scopes = scopes(r.params());
            int level = str(r.params(), "access_level").map(Integer::parseInt).orElse(40);
            User bot = new User(state.nextUserId++, "group_" + g.id + "_bot_" + HexFormat.of().toHexDigits(
                    state.random.nextInt()), name, "group" + g.id + "_bot@noreply." + state.host(), now());
            bot.bot = true;
            state.users.put(bot.id, bot);
            state.direct(g).put(bot.id, new Membership(level, now()));
            Token t = newToken(bot.id, name, scopes, expiry(r.params()), g.id, level, 0);
            return Resp.of(201, tokenJson(t, true));
        }
        return notAllowed();
    }

    /** {@code POST /groups/:id/access_tokens/:token_id/rotate}, {@code self} for the presented token. */
    Resp rotateGroupToken(Req r, User me, Group g, String ref) {
        Token t = ref.equals("self") ? state.tokensByValue.get(r.token()) : state.tokensById.get(parseId(ref));
        if (t == null || !Long.valueOf(g.id).equals(t.groupId)) {
            throw FakeError.message(404, "404 Not Found");
        }
        return rotate(r, me, t);
    }

    /** {@code POST /personal_access_tokens/:id/rotate}, {@code self} for the presented token. */
    Resp rotatePersonalToken(Req r, User me, String ref) {
        Token t = ref.equals("self") ? state.tokensByValue.get(r.token()) : state.tokensById.get(parseId(ref));
        if (t == null || (t.userId != me.id && !me.admin)) {
            throw FakeError.message(404, "404 Not Found");
        }
        return rotate(r, me, t);
    }

    private Resp rotate(Req r, User me, Token old) {
        if (old.revoked) {
            // Presenting a revoked token revokes its whole family, as GitLab does against token theft.
            state.tokensById.values().stream().filter(t -> t.family == old.family).forEach(t -> t.revoked = true);
            throw FakeError.message(401, "401 Unauthorized");
        }
        old.revoked = true;
        Token t = newToken(old.userId, old.name, old.scopes, expiry(r.params()), old.groupId, old.accessLevel,
                old.family);
        audit.record(me, old.userId, "User", "personal_access_token_rotated", "Rotated token " + old.name, old.groupId);
        return Resp.of(200, tokenJson(t, true));
    }

    private Token newToken(long userId, String name, List<String> scopes, String expiresAt, @Nullable Long groupId,
            int accessLevel, long family) {
        Token t = new Token();
        t.id = state.nextTokenId++;
        t.userId = userId;
        t.name = name;
        t.value = state.secret("glpat-");
        t.scopes = List.copyOf(scopes);
        t.expiresAt = expiresAt;
        t.groupId = groupId;
        t.accessLevel = accessLevel;
        t.family = family == 0 ? t.id : family;
        t.createdAt = now();
        state.tokensById.put(t.id, t);
        state.tokensByValue.put(t.value, t);
        return t;
    }

    private static String expiry(ObjectNode q) {
        return str(q, "expires_at").orElse(LocalDate.now().plusWeeks(1).toString());
    }

    private static List<String> scopes(ObjectNode q) {
        JsonNode s = q.path("scopes");
        List<String> scopes = new ArrayList<>();
        if (s.isArray()) {
            s.forEach(x -> scopes.add(x.asText()));
        } else if (s.isTextual()) {
            for (String x : s.asText().split(",")) {
                scopes.add(x.trim());
            }
        }
        if (scopes.isEmpty()) {
            throw FakeError.error(400, "scopes is missing");
        }
        return scopes;
    }

    // ------------------------------------------------------------------ JSON views

    private ObjectNode serviceAccountJson(User u) {
        return JSON.objectNode().put("id", u.id).put("username", u.username).put("name", u.name)
                .put("email", u.email);
    }

    private ObjectNode tokenJson(Token t, boolean withSecret) {
        ObjectNode n = JSON.objectNode();
        n.put("id", t.id).put("name", t.name).put("revoked", t.revoked).put("created_at", t.createdAt.toString())
                .putNull("description");
        ArrayNode scopes = n.putArray("scopes");
        t.scopes.forEach(scopes::add);
        n.put("user_id", t.userId).putNull("last_used_at").put("active", !t.revoked).put("expires_at", t.expiresAt);
        if (t.groupId != null) {
            n.put("access_level", t.accessLevel);
        }
        if (withSecret) {
            n.put("token", t.value);
        }
        return n;
    }
}
