package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeRest.match;
import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The fake's REST v4 and SCIM router and the facade {@link FakeGitLab} drives. The state lives in {@link FakeState} and
 * the routes in one class per concept; every entry point here holds the state's monitor, the single lock: the fake
 * trades concurrency for obviously consistent state, which is plenty for thousands of requests a second.
 */
final class FakeApi {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * A request as the routes see it. {@code token} is the REST credential ({@code PRIVATE-TOKEN}, a Bearer header,
     * {@code private_token} or {@code access_token}); {@code bearer} what Doorkeeper reads for SCIM (the Bearer header,
     * {@code access_token} or {@code bearer_token}); {@code pathParams} are the route's named segments, e.g.
     * {@code id}, which GitLab counts among the request's parameters.
     */
    record Req(String method, List<String> segments, ObjectNode params, @Nullable String token,
            @Nullable String bearer, boolean hasAuth, String rawPath, String rawQuery, Map<String, String> pathParams) {
        Req with(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(pathParams);
            more.put(name, value);
            return new Req(method, segments, params, token, bearer, hasAuth, rawPath, rawQuery, Map.copyOf(more));
        }
    }

    /** An answer. */
    record Resp(int status, @Nullable JsonNode body, Map<String, String> headers) {
        static Resp of(int status, @Nullable JsonNode body) {
            return new Resp(status, body, new LinkedHashMap<>());
        }
    }

    /** The caller of a REST request, authenticated on first use: routes that do not exist answer 404 regardless. */
    final class Caller {
        private final Req req;
        private @Nullable User user;

        Caller(Req req) {
            this.req = req;
        }

        /** The authenticated user; 401 without credentials, GitLab's refusals for bad ones. */
        User require() {
            if (user == null) {
                if (!req.hasAuth()) {
                    throw FakeError.message(401, "401 Unauthorized");
                }
                user = tokens.authenticate(req);
            }
            return user;
        }

        boolean present() {
            return req.hasAuth();
        }
    }

    final FakeState state;
    final FakeRateLimiter limiter;
    final FakeAudit audit;
    final FakeUsers users;
    final FakeUserStates userStates;
    final FakeTokens tokens;
    final FakeServiceAccounts serviceAccounts;
    final FakeMembers members;
    final FakeGroups groups;
    final FakeProjects projects;
    final FakeSamlLinks samlLinks;
    final FakeScim scim;
    private final String revision;

    FakeApi(FakeOptions options) {
        this.state = new FakeState(options);
        FakeRest rest = new FakeRest(state);
        FakeViews views = new FakeViews(state);
        this.limiter = new FakeRateLimiter(state);
        this.audit = new FakeAudit(state, rest);
        this.users = new FakeUsers(state, rest, audit, views, limiter);
        this.userStates = new FakeUserStates(state, audit);
        this.tokens = new FakeTokens(state, rest, audit, userStates);
        this.serviceAccounts = new FakeServiceAccounts(state, rest, audit, tokens, users);
        this.members = new FakeMembers(state, rest, audit, views, limiter);
        this.samlLinks = new FakeSamlLinks(state, members);
        this.groups = new FakeGroups(state, rest, audit, views, members, samlLinks, tokens, serviceAccounts);
        this.projects = new FakeProjects(state, views, members);
        this.scim = new FakeScim(state, members, userStates);
        byte[] rev = new byte[6];
        state.random.nextBytes(rev);
        this.revision = HexFormat.of().formatHex(rev).substring(0, 11);
    }

    /** Runs {@code action} under the state's lock (seeding and inspection from {@link FakeGitLab}). */
    <T> T locked(Function<FakeApi, T> action) {
        synchronized (state) {
            return action.apply(this);
        }
    }

    /** Runs {@code action} under the state's lock. */
    void run(java.util.function.Consumer<FakeApi> action) {
        synchronized (state) {
            action.accept(this);
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
        if (s.size() < 3 || !s.get(0).equals("api") || !s.get(1).equals("v4")) {
            throw FakeError.error(404, "404 Not Found");
        }
        List<String> p = s.subList(2, s.size());
        Caller me = new Caller(r);
        String m = r.method();
        switch (p.get(0)) {
            case "version", "metadata" -> {
                if (p.size() == 1 && m.equals("GET")) {
                    return version(me);
                }
            }
            case "user" -> {
                if (p.size() == 1) {
                    return m.equals("GET") ? users.currentUser(me.require()) : notAllowed();
                }
            }
            case "users" -> {
                return usersRoutes(r, me, p);
            }
            case "service_accounts" -> {
                if (p.size() == 1) {
                    return serviceAccounts.instanceServiceAccounts(r, me.require());
                }
            }
            case "personal_access_tokens" -> {
                return tokens.personalAccessTokens(r, me.require(), p);
            }
            case "audit_events" -> {
                if (p.size() == 1 && m.equals("GET")) {
                    return audit.instanceEvents(r, me.require());
                }
            }
            case "member_roles" -> {
                if (p.size() == 1 && m.equals("GET")) {
                    return groups.memberRoles(me.require(), null);
                }
            }
            case "groups" -> {
                if (p.size() == 1) {
                    User caller = me.require();
                    return m.equals("POST") ? groups.createGroup(r, caller) : m.equals("GET")
                            ? groups.listGroups(r) : notAllowed();
                }
                return groups.groupRoutes(r.with("id", p.get(1)), me, p.get(1), p.subList(2, p.size()));
            }
            case "projects" -> {
                if (p.size() >= 2) {
                    return projects.projectRoutes(r.with("id", p.get(1)), me.require(), p.get(1),
                            p.subList(2, p.size()));
                }
            }
            default -> {
                // falls through to 404
            }
        }
        throw FakeError.error(404, "404 Not Found");
    }

    private Resp usersRoutes(Req r, Caller me, List<String> p) {
        String m = r.method();
        if (p.size() == 1) {
            return m.equals("GET") ? users.listUsers(r, me) : m.equals("POST") ? users.createUser(r, me.require())
                    : notAllowed();
        }
        if (!p.get(1).matches("[0-9]+")) {
            // The users resource requires numeric ids: anything else is no route at all.
            throw FakeError.error(404, "404 Not Found");
        }
        Req withId = r.with("id", p.get(1));
        if (p.size() == 2) {
            return switch (m) {
                case "GET" -> users.getUser(withId, me, p.get(1));
                case "PUT" -> users.updateUser(withId, me.require(), p.get(1));
                case "DELETE" -> users.deleteUser(withId, me.require(), p.get(1));
                default -> notAllowed();
            };
        }
        if (match(p, "users", "*", "personal_access_tokens")) {
            return tokens.createForUser(withId, me.require(), p.get(1));
        }
        if (p.size() == 3 && m.equals("POST") && FakeUserStates.ACTIONS.contains(p.get(2))) {
            User caller = me.require();
            state.requireUserAdmin(caller);
            return userStates.change(caller, state.user404(p.get(1)), p.get(2));
        }
        if (match(p, "users", "*", "identities", "*") && m.equals("DELETE")) {
            return users.deleteIdentity(me.require(), p.get(1), p.get(3));
        }
        throw FakeError.error(404, "404 Not Found");
    }

    /** {@code GET /version} (deprecated) and {@code /metadata}: authenticated, GitLab's metadata shape. */
    private Resp version(Caller me) {
        me.require();
        ObjectNode n = JSON.objectNode();
        n.put("version", state.options.version().text()).put("revision", revision);
        n.putObject("kas").put("enabled", false).putNull("externalUrl").putNull("version");
        n.put("enterprise", state.options.version().enterprise());
        return Resp.of(200, n);
    }
}
