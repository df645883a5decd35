package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeRest.match;
import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The fake's REST v4 and SCIM router and the facade {@link FakeGitLab} drives. The state lives in {@link FakeState} and
 * the routes in one class per concept; every entry point here holds the state's monitor, the single lock: the fake
 * trades concurrency for obviously consistent state, which is plenty for thousands of requests a second.
 */
final class FakeApi {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A request as the routes see it. */
    record Req(String method, List<String> segments, ObjectNode params, @Nullable String token, boolean hasAuth,
            String rawPath, String rawQuery) {
    }

    /** An answer. */
    record Resp(int status, @Nullable JsonNode body, Map<String, String> headers) {
        static Resp of(int status, @Nullable JsonNode body) {
            return new Resp(status, body, new LinkedHashMap<>());
        }
    }

    private final FakeState state;
    private final FakeAudit audit;
    private final FakeUsers users;
    private final FakeTokens tokens;
    private final FakeGroups groups;
    private final FakeScim scim;

    FakeApi(boolean gitlabCom, int defaultScimLevel) {
        this.state = new FakeState(gitlabCom, defaultScimLevel);
        FakeRest rest = new FakeRest(state);
        this.audit = new FakeAudit(state, rest);
        this.users = new FakeUsers(state, rest, audit);
        this.tokens = new FakeTokens(state, rest, audit);
        this.groups = new FakeGroups(state, rest, audit, tokens);
        this.scim = new FakeScim(state);
    }

    void baseUrl(String url) {
        synchronized (state) {
            state.baseUrl = url;
        }
    }

    // ------------------------------------------------------------------ seeding and inspection

    long seedUser(String username, String email, String name, boolean admin) {
        synchronized (state) {
            return users.seedUser(username, email, name, admin);
        }
    }

    void seedIdentity(long userId, String provider, String externUid) {
        synchronized (state) {
            users.seedIdentity(userId, provider, externUid);
        }
    }

    void seedState(long userId, String state) {
        synchronized (this.state) {
            users.seedState(userId, state);
        }
    }

    long seedGroup(String name, String path, @Nullable Long parentId) {
        synchronized (state) {
            return groups.seedGroup(name, path, parentId);
        }
    }

    void seedMember(long groupId, long userId, int level) {
        synchronized (state) {
            groups.seedMember(groupId, userId, level);
        }
    }

    void seedSamlGroupLink(long groupId, String name, int level) {
        synchronized (state) {
            groups.seedSamlGroupLink(groupId, name, level);
        }
    }

    String seedToken(long userId, List<String> scopes) {
        synchronized (state) {
            return tokens.seedToken(userId, scopes);
        }
    }

    /** Seeds a token with a chosen value (the sandbox's --gitlab-token). */
    String seedToken(long userId, List<String> scopes, String value) {
        synchronized (state) {
            return tokens.seedToken(userId, scopes, value);
        }
    }

    String seedScimToken(@Nullable Long groupId) {
        synchronized (state) {
            return scim.seedScimToken(groupId);
        }
    }

    Optional<String> userState(long userId) {
        synchronized (state) {
            return users.userState(userId);
        }
    }

    Optional<String> serviceAccountKind(long userId) {
        synchronized (state) {
            return tokens.serviceAccountKind(userId);
        }
    }

    Optional<Integer> directLevel(long groupId, long userId) {
        synchronized (state) {
            return groups.directLevel(groupId, userId);
        }
    }

    int userCount() {
        synchronized (state) {
            return users.userCount();
        }
    }

    OptionalLong tokenId(String value) {
        synchronized (state) {
            return tokens.tokenId(value);
        }
    }

    Optional<String> tokenExpiry(String value) {
        synchronized (state) {
            return tokens.tokenExpiry(value);
        }
    }

    void tokenExpires(String value, LocalDate date) {
        synchronized (state) {
            tokens.tokenExpires(value, date);
        }
    }

    void revokeToken(String value) {
        synchronized (state) {
            tokens.revokeToken(value);
        }
    }

    boolean tokenActive(String value) {
        synchronized (state) {
            return tokens.tokenActive(value);
        }
    }

    Resp handle(Req r) {
        synchronized (state) {
            return route(r);
        }
    }

    private Resp route(Req r) {
        List<String> s = r.segments();
        if (s.size() >= 3 && s.get(0).equals("api") && s.get(1).equals("scim") && s.get(2).equals("v2")) {
            return scim.scim(r, s.subList(3, s.size()));
        }
        if (s.size() < 2 || !s.get(0).equals("api") || !s.get(1).equals("v4")) {
            throw FakeError.error(404, "404 Not Found");
        }
        List<String> p = s.subList(2, s.size());
        boolean usersList = r.method().equals("GET") && p.size() == 1 && p.get(0).equals("users");
        if (!r.hasAuth()) {
            if (usersList) {
                throw FakeError.message(403, "403 Forbidden - Not authorized to access /api/v4/users");
            }
            throw FakeError.message(401, "401 Unauthorized");
        }
        User me = tokens.authenticate(r.token());
        String m = r.method();
        if (match(p, "users")) {
            return m.equals("GET") ? users.listUsers(r, me) : m.equals("POST") ? users.createUser(r, me) : notAllowed();
        }
        if (match(p, "user") && m.equals("GET")) {
            return Resp.of(200, users.userJson(me, me.admin));
        }
        if (match(p, "users", "*")) {
            return switch (m) {
                case "GET" -> Resp.of(200, users.userJson(state.user404(p.get(1)), me.admin));
                case "PUT" -> users.updateUser(r, me, state.user404(p.get(1)));
                case "DELETE" -> users.deleteUser(r, me, state.user404(p.get(1)));
                default -> notAllowed();
            };
        }
        if (match(p, "service_accounts") || match(p, "users", "*", "personal_access_tokens")
                || (p.get(0).equals("personal_access_tokens") && p.size() <= 2)) {
            return tokens.instanceServiceAccounts(r, me, p);
        }
        if (match(p, "users", "*", "*") && m.equals("POST")) {
            return users.stateChange(me, state.user404(p.get(1)), p.get(2));
        }
        if (match(p, "users", "*", "identities", "*") && m.equals("DELETE")) {
            return users.deleteIdentity(me, p.get(1), p.get(3));
        }
        if (match(p, "groups")) {
            return m.equals("POST") ? groups.createGroup(r, me) : m.equals("GET") ? groups.listGroups(r) : notAllowed();
        }
        if (match(p, "personal_access_tokens", "*", "rotate") && m.equals("POST")) {
            return tokens.rotatePersonalToken(r, me, p.get(1));
        }
        if (match(p, "audit_events") && m.equals("GET")) {
            return audit.instanceEvents(r, me);
        }
        if (p.size() >= 2 && p.get(0).equals("groups")) {
            return groups.groupRoutes(r, me, state.group404(p.get(1)), p.subList(2, p.size()));
        }
        throw FakeError.error(404, "404 Not Found");
    }
}
