package io.scimlab.testkit.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The fake's state and its REST v4 and SCIM routes. Every public entry point is synchronized on this object: the
 * fake trades concurrency for obviously consistent state, which is plenty for thousands of requests a second.
 */
final class FakeApi {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9_.][a-zA-Z0-9_.-]*");
    private static final Pattern FILTER = Pattern.compile("(?i)^\\s*(\\w+)\\s+eq\\s+\"?([^\"]*?)\"?\\s*$");
    private static final String GROUP_SAML = "group_saml";
    private static final String INSTANCE = "instance";

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

    static final class User {
        long id;
        String username;
        String name;
        String email;
        String state = "active";
        final List<String[]> identities = new ArrayList<>();
        @Nullable String note;
        boolean admin;
        boolean external;
        boolean bot;
        @Nullable Long serviceAccountOf;
        boolean instanceServiceAccount;
        Instant createdAt;

        User(long id, String username, String name, String email, Instant createdAt) {
            this.id = id;
            this.username = username;
            this.name = name;
            this.email = email;
            this.createdAt = createdAt;
        }
    }

    static final class Group {
        long id;
        String name;
        String path;
        @Nullable Long parentId;
        Instant createdAt;

        Group(long id, String name, String path, @Nullable Long parentId, Instant createdAt) {
            this.id = id;
            this.name = name;
            this.path = path;
            this.parentId = parentId;
            this.createdAt = createdAt;
        }
    }

    static final class Membership {
        int level;
        @Nullable String expiresAt;
        @Nullable Long memberRoleId;
        Instant createdAt;

        Membership(int level, Instant createdAt) {
            this.level = level;
            this.createdAt = createdAt;
        }
    }

    static final class Token {
        long id;
        long userId;
        String name;
        String value;
        List<String> scopes;
        boolean revoked;
        String expiresAt;
        long family;
        @Nullable Long groupId;
        int accessLevel;
        Instant createdAt;
    }

    static final class ScimIdentity {
        String externId;
        long userId;
        boolean active = true;

        ScimIdentity(String externId, long userId) {
            this.externId = externId;
            this.userId = userId;
        }
    }

    private final boolean gitlabCom;
    private final int defaultScimLevel;
    private final SecureRandom random = new SecureRandom();
    private String baseUrl = "http://127.0.0.1";
    private long nextUserId = 1;
    private long nextGroupId = 1;
    private long nextTokenId = 1;
    private long nextEventId = 1;
    private final TreeMap<Long, User> users = new TreeMap<>();
    private final TreeMap<Long, Group> groups = new TreeMap<>();
    private final Map<Long, TreeMap<Long, Membership>> members = new LinkedHashMap<>();
    private final Map<Long, LinkedHashMap<String, ObjectNode>> samlLinks = new LinkedHashMap<>();
    private final Map<String, Token> tokensByValue = new LinkedHashMap<>();
    private final TreeMap<Long, Token> tokensById = new TreeMap<>();
    private final Map<String, LinkedHashMap<String, ScimIdentity>> scimIdentities = new LinkedHashMap<>();
    private final Map<String, String> scimTokens = new LinkedHashMap<>();
    private final TreeMap<Long, ObjectNode> events = new TreeMap<>();
    private final Map<Long, Long> eventGroups = new LinkedHashMap<>();

    FakeApi(boolean gitlabCom, int defaultScimLevel) {
        this.gitlabCom = gitlabCom;
        this.defaultScimLevel = defaultScimLevel;
    }

    synchronized void baseUrl(String url) {
        this.baseUrl = url;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private String secret(String prefix) {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ------------------------------------------------------------------ seeding

    synchronized long seedUser(String username, String email, String name, boolean admin) {
        if (findByUsername(username).isPresent() || findByEmail(email).isPresent()) {
            throw new IllegalArgumentException("username or email already taken: " + username);
        }
        User u = new User(nextUserId++, username, name, email, now());
        u.admin = admin;
        users.put(u.id, u);
        return u.id;
    }

    synchronized void seedIdentity(long userId, String provider, String externUid) {
        user(userId).identities.add(new String[] {provider, externUid});
    }

    synchronized void seedState(long userId, String state) {
        user(userId).state = state;
    }

    synchronized long seedGroup(String name, String path, @Nullable Long parentId) {
        if (parentId != null && !groups.containsKey(parentId)) {
            throw new IllegalArgumentException("no group " + parentId);
        }
        Group g = new Group(nextGroupId++, name, path, parentId, now());
        groups.put(g.id, g);
        return g.id;
    }

    synchronized void seedMember(long groupId, long userId, int level) {
        group(groupId);
        user(userId);
        members.computeIfAbsent(groupId, k -> new TreeMap<>()).put(userId, new Membership(level, now()));
    }

    synchronized void seedSamlGroupLink(long groupId, String name, int level) {
        samlLinks.computeIfAbsent(groupId, k -> new LinkedHashMap<>()).put(name, samlLink(name, level, null));
    }

    synchronized String seedToken(long userId, List<String> scopes) {
        user(userId);
        return newToken(userId, "seeded", scopes, LocalDate.now().plusYears(1).toString(), null, 0, 0).value;
    }

    /** Seeds a token with a chosen value (the sandbox's --gitlab-token). */
    synchronized String seedToken(long userId, List<String> scopes, String value) {
        Token t = newToken(userId, "seeded", scopes, LocalDate.now().plusYears(1).toString(), null, 0, 0);
        tokensByValue.remove(t.value);
        t.value = value;
        tokensByValue.put(value, t);
        return value;
    }

    synchronized String seedScimToken(@Nullable Long groupId) {
        String value = secret("scim-");
        scimTokens.put(value, groupId == null ? INSTANCE : "group:" + groupId);
        return value;
    }

    synchronized Optional<String> userState(long userId) {
        return Optional.ofNullable(users.get(userId)).map(u -> u.state);
    }

    synchronized Optional<String> serviceAccountKind(long userId) {
        User u = users.get(userId);
        if (u == null || !(u.instanceServiceAccount || u.serviceAccountOf != null)) {
            return Optional.empty();
        }
        return Optional.of(u.serviceAccountOf == null ? "instance" : "group:" + u.serviceAccountOf);
    }

    synchronized Optional<Integer> directLevel(long groupId, long userId) {
        Membership m = members.getOrDefault(groupId, new TreeMap<>()).get(userId);
        return Optional.ofNullable(m).map(x -> x.level);
    }

    synchronized int userCount() {
        return users.size();
    }

    synchronized OptionalLong tokenId(String value) {
        Token t = tokensByValue.get(value);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t.id);
    }

    synchronized Optional<String> tokenExpiry(String value) {
        return Optional.ofNullable(tokensByValue.get(value)).map(t -> t.expiresAt);
    }

    synchronized void tokenExpires(String value, LocalDate date) {
        Token t = tokensByValue.get(value);
        if (t == null) {
            throw new IllegalArgumentException("no such token");
        }
        t.expiresAt = date.toString();
    }

    synchronized void revokeToken(String value) {
        Token t = tokensByValue.get(value);
        if (t == null) {
            throw new IllegalArgumentException("no such token");
        }
        t.revoked = true;
    }

    synchronized boolean tokenActive(String value) {
        Token t = tokensByValue.get(value);
        return t != null && !t.revoked;
    }

    // ------------------------------------------------------------------ dispatch

    synchronized Resp handle(Req r) {
        List<String> s = r.segments();
        if (s.size() >= 3 && s.get(0).equals("api") && s.get(1).equals("scim") && s.get(2).equals("v2")) {
            return scim(r, s.subList(3, s.size()));
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
        User me = authenticate(r.token());
        String m = r.method();
        if (match(p, "users")) {
            return m.equals("GET") ? listUsers(r, me) : m.equals("POST") ? createUser(r, me) : notAllowed();
        }
        if (match(p, "user") && m.equals("GET")) {
            return Resp.of(200, userJson(me, me.admin));
        }
        if (match(p, "users", "*")) {
            return switch (m) {
                case "GET" -> Resp.of(200, userJson(user404(p.get(1)), me.admin));
                case "PUT" -> updateUser(r, me, user404(p.get(1)));
                case "DELETE" -> deleteUser(r, me, user404(p.get(1)));
                default -> notAllowed();
            };
        }
        if (match(p, "service_accounts") || match(p, "users", "*", "personal_access_tokens")
                || (p.get(0).equals("personal_access_tokens") && p.size() <= 2)) {
            return instanceServiceAccounts(r, me, p);
        }
        if (match(p, "users", "*", "*") && m.equals("POST")) {
            return stateChange(me, user404(p.get(1)), p.get(2));
        }
        if (match(p, "users", "*", "identities", "*") && m.equals("DELETE")) {
            requireUserAdmin(me);
            User u = user404(p.get(1));
            if (!u.identities.removeIf(i -> i[0].equals(p.get(3)))) {
                throw FakeError.message(404, "404 Identity Not Found");
            }
            return Resp.of(204, null);
        }
        if (match(p, "groups")) {
            return m.equals("POST") ? createGroup(r, me) : m.equals("GET")
                    ? page(r, groups.values().stream().map(this::groupJson).toList()) : notAllowed();
        }
        if (match(p, "personal_access_tokens", "*", "rotate") && m.equals("POST")) {
            Token t = p.get(1).equals("self") ? tokensByValue.get(r.token()) : tokensById.get(parseId(p.get(1)));
            if (t == null || (t.userId != me.id && !me.admin)) {
                throw FakeError.message(404, "404 Not Found");
            }
            return rotate(r, me, t);
        }
        if (match(p, "audit_events") && m.equals("GET")) {
            if (!me.admin) {
                throw FakeError.message(403, "403 Forbidden");
            }
            return page(r, new ArrayList<>(events.values()));
        }
        if (p.size() >= 2 && p.get(0).equals("groups")) {
            return groupRoutes(r, me, group404(p.get(1)), p.subList(2, p.size()));
        }
        throw FakeError.error(404, "404 Not Found");
    }

    private static Resp notAllowed() {
        throw FakeError.error(405, "405 Method Not Allowed");
    }

    private static boolean match(List<String> p, String... pattern) {
        if (p.size() != pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(p.get(i))) {
                return false;
            }
        }
        return true;
    }

    private User authenticate(@Nullable String value) {
        Token t = value == null ? null : tokensByValue.get(value);
        User u = t == null ? null : users.get(t.userId);
        if (t == null || t.revoked || u == null || LocalDate.parse(t.expiresAt).isBefore(LocalDate.now())
                || !(u.state.equals("active") || u.state.equals("deactivated"))) {
            throw FakeError.message(401, "401 Unauthorized");
        }
        return u;
    }

    private void requireUserAdmin(User me) {
        // On GitLab.com nobody may write /users: the rule that shapes the whole bridge.
        if (gitlabCom || !me.admin) {
            throw FakeError.message(403, "403 Forbidden");
        }
    }

    // ------------------------------------------------------------------ users

    private Resp listUsers(Req r, User me) {
        ObjectNode q = r.params();
        Optional<String> externUid = str(q, "extern_uid");
        Optional<String> provider = str(q, "provider");
        if (externUid.isPresent() != provider.isPresent()) {
            throw FakeError.error(400, externUid.isPresent() ? "provider is missing" : "extern_uid is missing");
        }
        if (externUid.isPresent() && (gitlabCom || !me.admin)) {
            throw FakeError.message(403, "403 Forbidden - Not authorized to filter by extern_uid");
        }
        Predicate<User> filter = u -> true;
        Optional<String> username = str(q, "username");
        if (username.isPresent()) {
            filter = filter.and(u -> u.username.equalsIgnoreCase(username.get()));
        }
        Optional<String> search = str(q, "search").map(x -> x.toLowerCase(Locale.ROOT));
        if (search.isPresent()) {
            String term = search.get();
            filter = filter.and(u -> u.username.toLowerCase(Locale.ROOT).contains(term)
                    || u.name.toLowerCase(Locale.ROOT).contains(term) || u.email.equalsIgnoreCase(term));
        }
        if (externUid.isPresent()) {
            filter = filter.and(u -> u.identities.stream()
                    .anyMatch(i -> i[0].equals(provider.get()) && i[1].equals(externUid.get())));
        }
        if (bool(q, "active")) {
            filter = filter.and(u -> u.state.equals("active"));
        }
        if (bool(q, "blocked")) {
            filter = filter.and(u -> u.state.equals("blocked"));
        }
        Predicate<User> f = filter;
        boolean admin = me.admin && !gitlabCom;
        if ("keyset".equals(str(q, "pagination").orElse(""))) {
            return keyset(r, users, u -> f.test(u) ? userJson(u, admin) : null);
        }
        return page(r, users.values().stream().filter(f).map(u -> userJson(u, admin)).toList());
    }

    private Resp createUser(Req r, User me) {
        requireUserAdmin(me);
        ObjectNode q = r.params();
        for (String required : List.of("email", "name", "username")) {
            if (str(q, required).isEmpty()) {
                throw FakeError.error(400, required + " is missing");
            }
        }
        if (str(q, "password").isEmpty() && !bool(q, "reset_password") && !bool(q, "force_random_password")) {
            throw FakeError.error(400, "password, reset_password, force_random_password are missing, "
                    + "at least one parameter must be provided");
        }
        String username = str(q, "username").orElseThrow();
        String email = str(q, "email").orElseThrow();
        validateUsernameAndEmail(username, email);
        if (findByEmail(email).isPresent()) {
            throw FakeError.message(409, "Email has already been taken");
        }
        if (findByUsername(username).isPresent()) {
            throw FakeError.message(409, "Username has already been taken");
        }
        Optional<String> externUid = str(q, "extern_uid");
        Optional<String> provider = str(q, "provider");
        if (externUid.isPresent() && provider.isPresent() && identityOwner(provider.get(), externUid.get())
                .isPresent()) {
            throw FakeError.field("identities.extern_uid", "has already been taken");
        }
        User u = new User(nextUserId++, username, str(q, "name").orElseThrow(), email, now());
        u.note = str(q, "note").orElse(null);
        u.external = bool(q, "external");
        if (externUid.isPresent() && provider.isPresent()) {
            u.identities.add(new String[] {provider.get(), externUid.get()});
        }
        users.put(u.id, u);
        audit(me, u.id, "User", "user_created", "Created user " + u.username, null);
        return Resp.of(201, userJson(u, true));
    }

    private static void validateUsernameAndEmail(String username, String email) {
        if (!USERNAME.matcher(username).matches() || username.endsWith(".git")) {
            throw FakeError.field("username", "can contain only letters, digits, '_', '-' and '.'. "
                    + "Cannot start with '-' or end in '.', '.git' or '.atom'.");
        }
        if (!email.matches("[^@\\s]+@[^@\\s]+")) {
            throw FakeError.field("email", "is invalid");
        }
    }

    private Resp updateUser(Req r, User me, User u) {
        requireUserAdmin(me);
        ObjectNode q = r.params();
        Optional<String> username = str(q, "username");
        Optional<String> email = str(q, "email");
        if (username.isPresent() || email.isPresent()) {
            validateUsernameAndEmail(username.orElse(u.username), email.orElse(u.email));
        }
        if (email.isPresent() && findByEmail(email.get()).filter(o -> o != u).isPresent()) {
            throw FakeError.message(409, "Email has already been taken");
        }
        if (username.isPresent() && findByUsername(username.get()).filter(o -> o != u).isPresent()) {
            throw FakeError.message(409, "Username has already been taken");
        }
        username.ifPresent(v -> u.username = v);
        // Without skip_reconfirmation the new address waits for confirmation and the primary stays.
        if (email.isPresent() && bool(q, "skip_reconfirmation")) {
            u.email = email.get();
        }
        str(q, "name").ifPresent(v -> u.name = v);
        str(q, "note").ifPresent(v -> u.note = v);
        if (q.has("external")) {
            u.external = bool(q, "external");
        }
        Optional<String> externUid = str(q, "extern_uid");
        Optional<String> provider = str(q, "provider");
        if (externUid.isPresent() && provider.isPresent()) {
            Optional<User> owner = identityOwner(provider.get(), externUid.get());
            if (owner.isPresent() && owner.get() != u) {
                throw FakeError.field("identities.extern_uid", "has already been taken");
            }
            u.identities.stream().filter(i -> i[0].equals(provider.get())).findFirst().ifPresentOrElse(
                    i -> i[1] = externUid.get(),
                    () -> u.identities.add(new String[] {provider.get(), externUid.get()}));
        }
        audit(me, u.id, "User", "user_updated", "Updated user " + u.username, null);
        return Resp.of(200, userJson(u, true));
    }

    private Resp deleteUser(Req r, User me, User u) {
        requireUserAdmin(me);
        if (!bool(r.params(), "hard_delete")) {
            for (Map.Entry<Long, TreeMap<Long, Membership>> e : members.entrySet()) {
                Membership m = e.getValue().get(u.id);
                if (m != null && m.level == 50
                        && e.getValue().values().stream().filter(x -> x.level == 50).count() == 1) {
                    throw FakeError.message(409, "User is the sole owner of group "
                            + fullPath(groups.get(e.getKey())));
                }
            }
        }
        removeUser(u);
        audit(me, u.id, "User", "user_destroyed", "Removed user " + u.username, null);
        return Resp.of(204, null);
    }

    private void removeUser(User u) {
        users.remove(u.id);
        members.values().forEach(m -> m.remove(u.id));
        tokensById.values().stream().filter(t -> t.userId == u.id).forEach(t -> t.revoked = true);
        scimIdentities.values().forEach(m -> m.values().removeIf(i -> i.userId == u.id));
    }

    private Resp stateChange(User me, User u, String action) {
        requireUserAdmin(me);
        String from = u.state;
        String to;
        switch (action) {
            case "block" -> to = "blocked";
            case "unblock" -> {
                if (from.equals("deactivated")) {
                    throw FakeError.message(403, "403 Forbidden - Deactivated users cannot be unblocked by the API");
                }
                if (from.equals("ldap_blocked")) {
                    throw FakeError.message(403, "403 Forbidden - LDAP blocked users cannot be modified by the API");
                }
                to = from.equals("blocked") ? "active" : from;
            }
            case "deactivate" -> {
                if (from.equals("blocked") || from.equals("ldap_blocked")) {
                    throw FakeError.message(403, "403 Forbidden - A blocked user cannot be deactivated by the API");
                }
                to = from.equals("active") ? "deactivated" : from;
            }
            case "activate" -> {
                if (from.equals("blocked") || from.equals("ldap_blocked")) {
                    throw FakeError.message(403, "403 Forbidden - A blocked user must be unblocked to be activated");
                }
                to = from.equals("deactivated") ? "active" : from;
            }
            case "ban" -> to = from.equals("active") ? "banned" : from;
            case "unban" -> to = from.equals("banned") ? "active" : from;
            default -> throw FakeError.error(404, "404 Not Found");
        }
        if (from.equals("ldap_blocked")) {
            throw FakeError.message(403, "403 Forbidden - LDAP blocked users cannot be modified by the API");
        }
        if (to.equals(from)) {
            return Resp.of(201, JSON.nullNode());
        }
        u.state = to;
        audit(me, u.id, "User", "user_" + action, action + " user " + u.username, null);
        return Resp.of(201, JSON.booleanNode(true));
    }

    // ------------------------------------------------------------------ groups and members

    private Resp createGroup(Req r, User me) {
        ObjectNode q = r.params();
        String name = str(q, "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
        String path = str(q, "path").orElseThrow(() -> FakeError.error(400, "path is missing"));
        Long parent = str(q, "parent_id").map(FakeApi::parseId).orElse(null);
        if (parent == null && gitlabCom) {
            throw FakeError.message(403, "403 Forbidden");
        }
        if (parent != null && !groups.containsKey(parent)) {
            throw FakeError.message(404, "404 Group Not Found");
        }
        boolean taken = groups.values().stream().anyMatch(g -> java.util.Objects.equals(g.parentId, parent)
                && g.path.equalsIgnoreCase(path));
        if (taken) {
            throw FakeError.field("path", "has already been taken");
        }
        Group g = new Group(nextGroupId++, name, path, parent, now());
        groups.put(g.id, g);
        audit(me, g.id, "Group", "group_created", "Added group " + fullPath(g), g.id);
        return Resp.of(201, groupJson(g));
    }

    private Resp groupRoutes(Req r, User me, Group g, List<String> p) {
        String m = r.method();
        if (p.isEmpty()) {
            return m.equals("GET") ? Resp.of(200, groupJson(g)) : notAllowed();
        }
        if (match(p, "subgroups") && m.equals("GET")) {
            return page(r, groups.values().stream().filter(c -> java.util.Objects.equals(c.parentId, g.id))
                    .map(this::groupJson).toList());
        }
        if (match(p, "descendant_groups") && m.equals("GET")) {
            return page(r, groups.values().stream().filter(c -> c.id != g.id && isAncestor(g.id, c))
                    .map(this::groupJson).toList());
        }
        if (match(p, "members")) {
            return m.equals("GET") ? page(r, direct(g).entrySet().stream()
                    .map(e -> memberJson(g, users.get(e.getKey()), e.getValue())).toList())
                    : m.equals("POST") ? addMember(r, me, g) : notAllowed();
        }
        if (match(p, "members", "all") && m.equals("GET")) {
            return page(r, effective(g).entrySet().stream()
                    .map(e -> memberJson(g, users.get(e.getKey()), e.getValue())).toList());
        }
        if (match(p, "members", "all", "*") && m.equals("GET")) {
            Membership ms = effective(g).get(parseId(p.get(2)));
            if (ms == null) {
                throw FakeError.message(404, "404 Not found");
            }
            return Resp.of(200, memberJson(g, users.get(parseId(p.get(2))), ms));
        }
        if (match(p, "members", "*")) {
            long uid = parseId(p.get(1));
            Membership ms = direct(g).get(uid);
            if (ms == null) {
                throw FakeError.message(404, "404 Not found");
            }
            switch (m) {
                case "GET":
                    return Resp.of(200, memberJson(g, users.get(uid), ms));
                case "PUT":
                    applyMembership(r.params(), ms, g, uid, false);
                    audit(me, uid, "User", "member_updated", "Changed access level in " + fullPath(g), g.id);
                    return Resp.of(200, memberJson(g, users.get(uid), ms));
                case "DELETE":
                    direct(g).remove(uid);
                    if (!bool(r.params(), "skip_subresources")) {
                        groups.values().stream().filter(c -> c.id != g.id && isAncestor(g.id, c))
                                .forEach(c -> direct(c).remove(uid));
                    }
                    audit(me, uid, "User", "member_destroyed", "Removed member from " + fullPath(g), g.id);
                    return Resp.of(204, null);
                default:
                    return notAllowed();
            }
        }
        if (match(p, "saml_group_links")) {
            LinkedHashMap<String, ObjectNode> links = samlLinks.computeIfAbsent(g.id, k -> new LinkedHashMap<>());
            if (m.equals("GET")) {
                ArrayNode all = JSON.arrayNode();
                links.values().forEach(all::add);
                return Resp.of(200, all);
            }
            if (m.equals("POST")) {
                String name = str(r.params(), "saml_group_name")
                        .orElseThrow(() -> FakeError.error(400, "saml_group_name is missing"));
                int level = level(r.params());
                if (links.containsKey(name)) {
                    throw FakeError.field("saml_group_name", "has already been taken");
                }
                ObjectNode link = samlLink(name, level, str(r.params(), "member_role_id").map(FakeApi::parseId)
                        .orElse(null));
                links.put(name, link);
                return Resp.of(201, link);
            }
            return notAllowed();
        }
        if (match(p, "saml_group_links", "*")) {
            LinkedHashMap<String, ObjectNode> links = samlLinks.computeIfAbsent(g.id, k -> new LinkedHashMap<>());
            ObjectNode link = links.get(p.get(1));
            if (link == null) {
                throw FakeError.message(404, "404 Not found");
            }
            if (m.equals("DELETE")) {
                links.remove(p.get(1));
                return Resp.of(204, null);
            }
            return m.equals("GET") ? Resp.of(200, link) : notAllowed();
        }
        if (p.get(0).equals("service_accounts")) {
            return serviceAccounts(r, me, g, p);
        }
        if (match(p, "access_tokens")) {
            if (m.equals("GET")) {
                return page(r, tokensById.values().stream().filter(t -> Long.valueOf(g.id).equals(t.groupId))
                        .map(t -> tokenJson(t, false)).toList());
            }
            if (m.equals("POST")) {
                String name = str(r.params(), "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
                List<String> scopes = scopes(r.params());
                int level = str(r.params(), "access_level").map(Integer::parseInt).orElse(40);
                User bot = new User(nextUserId++, "group_" + g.id + "_bot_" + HexFormat.of().toHexDigits(
                        random.nextInt()), name, "group" + g.id + "_bot@noreply." + host(), now());
                bot.bot = true;
                users.put(bot.id, bot);
                direct(g).put(bot.id, new Membership(level, now()));
                Token t = newToken(bot.id, name, scopes, expiry(r.params()), g.id, level, 0);
                return Resp.of(201, tokenJson(t, true));
            }
            return notAllowed();
        }
        if (match(p, "access_tokens", "*", "rotate") && m.equals("POST")) {
            Token t = p.get(1).equals("self") ? tokensByValue.get(r.token()) : tokensById.get(parseId(p.get(1)));
            if (t == null || !Long.valueOf(g.id).equals(t.groupId)) {
                throw FakeError.message(404, "404 Not Found");
            }
            return rotate(r, me, t);
        }
        if (match(p, "audit_events") && m.equals("GET")) {
            List<JsonNode> mine = new ArrayList<>();
            events.forEach((id, e) -> {
                Long eg = eventGroups.get(id);
                if (eg != null && (eg == g.id || isAncestor(g.id, groups.get(eg)))) {
                    mine.add(e);
                }
            });
            return page(r, mine);
        }
        throw FakeError.error(404, "404 Not Found");
    }

    private Resp addMember(Req r, User me, Group g) {
        ObjectNode q = r.params();
        String ids = str(q, "user_id").orElseThrow(() -> FakeError.error(400, "user_id is missing"));
        int level = level(q);
        if (ids.contains(",")) {
            for (String id : ids.split(",")) {
                long uid = parseId(id.trim());
                if (users.containsKey(uid) && !direct(g).containsKey(uid)) {
                    Membership ms = new Membership(level, now());
                    applyMembership(q, ms, g, uid, true);
                    direct(g).put(uid, ms);
                    audit(me, uid, "User", "member_created", "Added member to " + fullPath(g), g.id);
                }
            }
            return Resp.of(201, JSON.objectNode().put("status", "success"));
        }
        long uid = parseId(ids);
        User u = users.get(uid);
        if (u == null) {
            throw FakeError.message(404, "404 User Not Found");
        }
        if (direct(g).containsKey(uid)) {
            throw FakeError.message(409, "Member already exists");
        }
        Membership ms = new Membership(level, now());
        applyMembership(q, ms, g, uid, true);
        direct(g).put(uid, ms);
        audit(me, uid, "User", "member_created", "Added member to " + fullPath(g), g.id);
        return Resp.of(201, memberJson(g, u, ms));
    }

    private void applyMembership(ObjectNode q, Membership ms, Group g, long uid, boolean creating) {
        if (q.has("access_level") || creating) {
            int level = level(q);
            int inherited = g.parentId == null ? 0
                    : effective(groups.get(g.parentId)).getOrDefault(uid, new Membership(0, now())).level;
            if (level < inherited) {
                throw FakeError.field("access_level", "should be greater than or equal to " + roleName(inherited)
                        + " inherited membership from group " + groups.get(g.parentId).name);
            }
            ms.level = level;
        }
        if (q.has("expires_at")) {
            ms.expiresAt = str(q, "expires_at").orElse(null);
        }
        if (q.has("member_role_id")) {
            ms.memberRoleId = str(q, "member_role_id").map(FakeApi::parseId).orElse(null);
        }
    }

    private static int level(ObjectNode q) {
        String raw = str(q, "access_level").orElseThrow(() -> FakeError.error(400, "access_level is missing"));
        int level;
        try {
            level = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw FakeError.error(400, "access_level is invalid");
        }
        if (!List.of(0, 5, 10, 15, 20, 30, 40, 50).contains(level)) {
            throw FakeError.error(400, "access_level does not have a valid value");
        }
        return level;
    }

    private static String roleName(int level) {
        return switch (level) {
            case 5 -> "Minimal Access";
            case 10 -> "Guest";
            case 15 -> "Planner";
            case 20 -> "Reporter";
            case 30 -> "Developer";
            case 40 -> "Maintainer";
            case 50 -> "Owner";
            default -> "No access";
        };
    }

    private TreeMap<Long, Membership> direct(Group g) {
        return members.computeIfAbsent(g.id, k -> new TreeMap<>());
    }

    /** Direct and inherited memberships, highest level per user. */
    private TreeMap<Long, Membership> effective(Group g) {
        TreeMap<Long, Membership> result = new TreeMap<>();
        for (Group cur = g; cur != null; cur = cur.parentId == null ? null : groups.get(cur.parentId)) {
            direct(cur).forEach((uid, ms) -> result.merge(uid, ms, (a, b) -> a.level >= b.level ? a : b));
        }
        return result;
    }

    private boolean isAncestor(long ancestorId, @Nullable Group g) {
        for (Group cur = g; cur != null; cur = cur.parentId == null ? null : groups.get(cur.parentId)) {
            if (cur.id == ancestorId) {
                return true;
            }
        }
        return false;
    }

    private Group topLevel(Group g) {
        Group cur = g;
        while (cur.parentId != null) {
            cur = groups.get(cur.parentId);
        }
        return cur;
    }

    // ------------------------------------------------------------------ service accounts and tokens

    private Resp serviceAccounts(Req r, User me, Group g, List<String> p) {
        String m = r.method();
        if (g.parentId != null) {
            throw FakeError.message(400, "400 Bad request - Group must be a top-level group");
        }
        if (match(p, "service_accounts")) {
            if (m.equals("GET")) {
                return page(r, users.values().stream().filter(u -> Long.valueOf(g.id).equals(u.serviceAccountOf))
                        .map(this::serviceAccountJson).toList());
            }
            if (m.equals("POST")) {
                String suffix = HexFormat.of().toHexDigits(random.nextInt());
                String username = str(r.params(), "username").orElse("service_account_group_" + g.id + "_" + suffix);
                String email = str(r.params(), "email").orElse(username + "@noreply." + host());
                if (findByUsername(username).isPresent()) {
                    throw FakeError.message(400, "Username has already been taken");
                }
                if (findByEmail(email).isPresent()) {
                    throw FakeError.message(400, "Email has already been taken");
                }
                User u = new User(nextUserId++, username, str(r.params(), "name").orElse("Service account user"),
                        email, now());
                u.bot = true;
                u.serviceAccountOf = g.id;
                users.put(u.id, u);
                audit(me, u.id, "User", "service_account_created", "Created service account " + username, g.id);
                return Resp.of(201, serviceAccountJson(u));
            }
            return notAllowed();
        }
        User sa = users.get(parseId(p.get(1)));
        if (sa == null || !Long.valueOf(g.id).equals(sa.serviceAccountOf)) {
            throw FakeError.message(404, "404 User Not Found");
        }
        if (p.size() == 2) {
            if (m.equals("DELETE")) {
                removeUser(sa);
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
                return page(r, tokensById.values().stream().filter(t -> t.userId == sa.id)
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
            Token t = tokensById.get(parseId(p.get(3)));
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
    private Resp instanceServiceAccounts(Req r, User me, List<String> p) {
        String m = r.method();
        if (match(p, "service_accounts")) {
            requireUserAdmin(me);
            if (m.equals("GET")) {
                return page(r, users.values().stream().filter(u -> u.instanceServiceAccount)
                        .map(this::serviceAccountJson).toList());
            }
            if (!m.equals("POST")) {
                return notAllowed();
            }
            String username = str(r.params(), "username").orElse("service_account_"
                    + HexFormat.of().toHexDigits(random.nextInt()));
            String email = str(r.params(), "email").orElse(username + "@noreply." + host());
            if (findByUsername(username).isPresent()) {
                throw FakeError.message(400, "Username has already been taken");
            }
            if (findByEmail(email).isPresent()) {
                throw FakeError.message(400, "Email has already been taken");
            }
            User u = new User(nextUserId++, username, str(r.params(), "name").orElse("Service account user"), email,
                    now());
            u.bot = true;
            u.instanceServiceAccount = true;
            users.put(u.id, u);
            audit(me, u.id, "User", "service_account_created", "Created service account " + username, null);
            return Resp.of(201, serviceAccountJson(u));
        }
        if (match(p, "users", "*", "personal_access_tokens")) {
            requireUserAdmin(me);
            User u = user404(p.get(1));
            if (!m.equals("POST")) {
                return notAllowed();
            }
            String name = str(r.params(), "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
            Token t = newToken(u.id, name, scopes(r.params()), expiry(r.params()), null, 0, 0);
            audit(me, u.id, "User", "personal_access_token_created", "Created token " + name, null);
            return Resp.of(201, tokenJson(t, true));
        }
        if (match(p, "personal_access_tokens") && m.equals("GET")) {
            Optional<String> userId = str(r.params(), "user_id");
            if (userId.isPresent() && !me.admin && parseId(userId.get()) != me.id) {
                throw FakeError.message(403, "403 Forbidden");
            }
            long uid = userId.map(FakeApi::parseId).orElse(me.id);
            return page(r, tokensById.values().stream().filter(t -> t.userId == uid && t.groupId == null)
                    .map(t -> tokenJson(t, false)).toList());
        }
        if (match(p, "personal_access_tokens", "*") && m.equals("DELETE")) {
            Token t = p.get(1).equals("self") ? tokensByValue.get(r.token()) : tokensById.get(parseId(p.get(1)));
            if (t == null || (t.userId != me.id && !me.admin)) {
                throw FakeError.message(404, "404 Not Found");
            }
            t.revoked = true;
            audit(me, t.userId, "User", "personal_access_token_revoked", "Revoked token " + t.name, t.groupId);
            return Resp.of(204, null);
        }
        throw FakeError.error(404, "404 Not Found");
    }

    private Resp rotate(Req r, User me, Token old) {
        if (old.revoked) {
            // Presenting a revoked token revokes its whole family, as GitLab does against token theft.
            tokensById.values().stream().filter(t -> t.family == old.family).forEach(t -> t.revoked = true);
            throw FakeError.message(401, "401 Unauthorized");
        }
        old.revoked = true;
        Token t = newToken(old.userId, old.name, old.scopes, expiry(r.params()), old.groupId, old.accessLevel,
                old.family);
        audit(me, old.userId, "User", "personal_access_token_rotated", "Rotated token " + old.name, old.groupId);
        return Resp.of(200, tokenJson(t, true));
    }

    private Token newToken(long userId, String name, List<String> scopes, String expiresAt, @Nullable Long groupId,
            int accessLevel, long family) {
        Token t = new Token();
        t.id = nextTokenId++;
        t.userId = userId;
        t.name = name;
        t.value = secret("glpat-");
        t.scopes = List.copyOf(scopes);
        t.expiresAt = expiresAt;
        t.groupId = groupId;
        t.accessLevel = accessLevel;
        t.family = family == 0 ? t.id : family;
        t.createdAt = now();
        tokensById.put(t.id, t);
        tokensByValue.put(t.value, t);
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

    // ------------------------------------------------------------------ SCIM

    private Resp scim(Req r, List<String> p) {
        String scope;
        Group group = null;
        List<String> rest;
        if (p.size() >= 3 && p.get(0).equals("groups") && p.get(2).equals("Users") && gitlabCom) {
            group = groups.values().stream().filter(g -> g.parentId == null && g.path.equalsIgnoreCase(p.get(1)))
                    .findFirst().orElse(null);
            scope = group == null ? "?" : "group:" + group.id;
            rest = p.subList(3, p.size());
        } else if (p.size() >= 2 && p.get(0).equals("application") && p.get(1).equals("Users") && !gitlabCom) {
            scope = INSTANCE;
            rest = p.subList(2, p.size());
        } else {
            throw FakeError.error(404, "404 Not Found");
        }
        if (r.token() == null || !scope.equals(scimTokens.get(r.token()))) {
            throw FakeError.message(401, "401 Unauthorized");
        }
        LinkedHashMap<String, ScimIdentity> ids = scimIdentities.computeIfAbsent(scope, k -> new LinkedHashMap<>());
        String m = r.method();
        if (rest.isEmpty()) {
            if (m.equals("GET")) {
                return scimList(r, ids);
            }
            if (m.equals("POST")) {
                return scimCreate(r, scope, group, ids);
            }
            throw FakeError.scim(405, "Method not allowed");
        }
        ScimIdentity id = ids.get(rest.get(0));
        if (id == null || !users.containsKey(id.userId)) {
            throw FakeError.scim(404, "Resource " + rest.get(0) + " not found");
        }
        switch (m) {
            case "GET":
                return Resp.of(200, scimUser(id));
            case "PATCH":
                scimPatch(r.params(), id, group, ids);
                return Resp.of(204, null);
            case "DELETE":
                setScimActive(id, false, group);
                return Resp.of(204, null);
            default:
                throw FakeError.scim(405, "Method not allowed");
        }
    }

    private Resp scimList(Req r, LinkedHashMap<String, ScimIdentity> ids) {
        List<ScimIdentity> all = new ArrayList<>(ids.values());
        Optional<String> filter = str(r.params(), "filter");
        if (filter.isPresent()) {
            Matcher f = FILTER.matcher(filter.get());
            if (!f.matches()) {
                throw FakeError.scim(412, "Unsupported Filter");
            }
            String attr = f.group(1).toLowerCase(Locale.ROOT);
            String value = f.group(2).split(" ")[0];
            all = switch (attr) {
                case "id", "externalid" -> all.stream().filter(i -> i.externId.equals(value)).toList();
                case "username" -> userNameLookup(all, value);
                default -> throw FakeError.scim(412, "Unsupported Filter");
            };
        }
        int start = Math.max(1, str(r.params(), "startIndex").map(Integer::parseInt).orElse(1));
        int count = Math.min(100, Math.max(0, str(r.params(), "count").map(Integer::parseInt).orElse(20)));
        ObjectNode list = JSON.objectNode();
        list.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        list.put("totalResults", all.size()).put("itemsPerPage", count).put("startIndex", start);
        ArrayNode resources = list.putArray("Resources");
        all.stream().skip(start - 1L).limit(count).forEach(i -> resources.add(scimUser(i)));
        return Resp.of(200, list);
    }

    /** {@code userName eq X}: X as extern_uid, then username, then any email, then X's local part as username. */
    private List<ScimIdentity> userNameLookup(List<ScimIdentity> all, String value) {
        List<Predicate<ScimIdentity>> tries = List.of(
                i -> i.externId.equals(value),
                i -> users.get(i.userId).username.equalsIgnoreCase(value),
                i -> users.get(i.userId).email.equalsIgnoreCase(value),
                i -> users.get(i.userId).username.equalsIgnoreCase(value.split("@")[0]));
        for (Predicate<ScimIdentity> t : tries) {
            List<ScimIdentity> hit = all.stream().filter(t).toList();
            if (!hit.isEmpty()) {
                return hit;
            }
        }
        return List.of();
    }

    private Resp scimCreate(Req r, String scope, @Nullable Group group, LinkedHashMap<String, ScimIdentity> ids) {
        ObjectNode q = r.params();
        String externalId = str(q, "externalId").orElse(null);
        String userName = str(q, "userName").orElse(null);
        String email = null;
        for (JsonNode e : q.path("emails")) {
            if ("work".equals(e.path("type").asText()) || e.path("primary").asBoolean(false)) {
                email = e.path("value").asText();
                break;
            }
        }
        List<String> missing = new ArrayList<>();
        if (externalId == null) {
            missing.add("extern_uid");
        }
        if (userName == null) {
            missing.add("username");
        }
        if (email == null) {
            missing.add("email");
        }
        if (!missing.isEmpty()) {
            throw FakeError.scim(412, "Missing params: " + missing);
        }
        ScimIdentity existing = ids.get(externalId);
        if (existing != null && users.containsKey(existing.userId)) {
            // Idempotent on externalId: the existing identity comes back with 201.
            return Resp.of(201, scimUser(existing));
        }
        String provider = group == null ? "saml" : GROUP_SAML;
        User u = findByEmail(email).orElse(null);
        if (u == null) {
            String base = userName.split("@")[0].replaceAll("[^a-zA-Z0-9_.-]", "");
            String username = base;
            for (int n = 1; findByUsername(username).isPresent(); n++) {
                username = base + n;
            }
            String name = q.path("name").path("formatted").asText(
                    (q.path("name").path("givenName").asText("") + " " + q.path("name").path("familyName")
                            .asText("")).trim());
            u = new User(nextUserId++, username, name.isEmpty() ? username : name, email, now());
            users.put(u.id, u);
        }
        User linked = u;
        linked.identities.removeIf(i -> i[0].equals(provider));
        linked.identities.add(new String[] {provider, externalId});
        ScimIdentity id = new ScimIdentity(externalId, linked.id);
        ids.put(externalId, id);
        if (group != null && !direct(group).containsKey(linked.id)) {
            direct(group).put(linked.id, new Membership(defaultScimLevel, now()));
        }
        return Resp.of(201, scimUser(id));
    }

    private void scimPatch(ObjectNode q, ScimIdentity id, @Nullable Group group,
            LinkedHashMap<String, ScimIdentity> ids) {
        for (JsonNode op : q.path("Operations")) {
            String kind = op.path("op").asText("").toLowerCase(Locale.ROOT);
            if (!kind.equals("add") && !kind.equals("replace")) {
                continue;
            }
            ObjectNode values = JSON.objectNode();
            if (op.hasNonNull("path")) {
                values.set(op.path("path").asText(), op.path("value"));
            } else if (op.path("value").isObject()) {
                values.setAll((ObjectNode) op.path("value"));
            }
            // Only externalId/id and active take effect: GitLab ignores attribute updates since 15.0.
            for (Map.Entry<String, JsonNode> e : values.properties()) {
                String attr = e.getKey().toLowerCase(Locale.ROOT);
                if (attr.equals("active")) {
                    setScimActive(id, Boolean.parseBoolean(e.getValue().asText()), group);
                } else if (attr.equals("externalid") || attr.equals("id")) {
                    ids.remove(id.externId);
                    String newId = e.getValue().asText();
                    User u = users.get(id.userId);
                    u.identities.stream().filter(i -> i[1].equals(id.externId)).forEach(i -> i[1] = newId);
                    id.externId = newId;
                    ids.put(newId, id);
                }
            }
        }
    }

    private void setScimActive(ScimIdentity id, boolean active, @Nullable Group group) {
        User u = users.get(id.userId);
        if (group == null) {
            // Instance level: deprovisioning blocks the user; reprovisioning unblocks.
            if (!active) {
                u.state = "blocked";
            } else if (u.state.equals("blocked")) {
                u.state = "active";
            }
        } else if (!active && id.active) {
            Group top = topLevel(group);
            boolean lastOwner = direct(top).containsKey(u.id) && direct(top).get(u.id).level == 50
                    && direct(top).values().stream().filter(x -> x.level == 50).count() == 1;
            if (lastOwner) {
                throw FakeError.scim(412, "Could not remove the last owner of the group");
            }
            // Group level: deprovisioning removes the membership of the whole hierarchy, the account stays.
            groups.values().stream().filter(g -> isAncestor(top.id, g)).forEach(g -> direct(g).remove(u.id));
        } else if (active && !id.active) {
            direct(topLevel(group)).putIfAbsent(u.id, new Membership(defaultScimLevel, now()));
        }
        id.active = active;
    }

    private ObjectNode scimUser(ScimIdentity id) {
        User u = users.get(id.userId);
        ObjectNode n = JSON.objectNode();
        n.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        n.put("id", id.externId).put("externalId", id.externId).put("active", id.active);
        String[] parts = u.name.split(" ", 2);
        n.putObject("name").put("formatted", u.name).put("givenName", parts[0])
                .put("familyName", parts.length > 1 ? parts[1] : "");
        n.putArray("emails").addObject().put("type", "work").put("value", u.email).put("primary", true);
        n.put("userName", u.username);
        n.putObject("meta").put("resourceType", "User");
        return n;
    }

    // ------------------------------------------------------------------ pagination

    /** Offset pagination with GitLab's x-* headers and Link (totals omitted above 10,000 records). */
    private Resp page(Req r, List<? extends JsonNode> items) {
        int perPage = perPage(r.params());
        int pageNo = str(r.params(), "page").map(Integer::parseInt).orElse(1);
        if (pageNo < 1) {
            pageNo = 1;
        }
        int from = Math.min(items.size(), (pageNo - 1) * perPage);
        int to = Math.min(items.size(), from + perPage);
        ArrayNode body = JSON.arrayNode();
        items.subList(from, to).forEach(body::add);
        Resp resp = Resp.of(200, body);
        int totalPages = Math.max(1, (items.size() + perPage - 1) / perPage);
        boolean hasNext = to < items.size();
        resp.headers().put("x-page", Integer.toString(pageNo));
        resp.headers().put("x-per-page", Integer.toString(perPage));
        resp.headers().put("x-next-page", hasNext ? Integer.toString(pageNo + 1) : "");
        resp.headers().put("x-prev-page", pageNo > 1 ? Integer.toString(pageNo - 1) : "");
        List<String> links = new ArrayList<>();
        if (hasNext) {
            links.add("<" + link(r, "page", Integer.toString(pageNo + 1)) + ">; rel=\"next\"");
        }
        if (pageNo > 1) {
            links.add("<" + link(r, "page", Integer.toString(pageNo - 1)) + ">; rel=\"prev\"");
        }
        links.add("<" + link(r, "page", "1") + ">; rel=\"first\"");
        if (items.size() <= 10_000) {
            resp.headers().put("x-total", Integer.toString(items.size()));
            resp.headers().put("x-total-pages", Integer.toString(totalPages));
            links.add("<" + link(r, "page", Integer.toString(totalPages)) + ">; rel=\"last\"");
        }
        resp.headers().put("Link", String.join(", ", links));
        return resp;
    }

    /** Keyset pagination over id order: the next page only in {@code Link rel="next"}. */
    private <T> Resp keyset(Req r, TreeMap<Long, T> source, java.util.function.Function<T, @Nullable JsonNode> view) {
        int perPage = perPage(r.params());
        boolean desc = "desc".equals(str(r.params(), "sort").orElse("asc"));
        String orderBy = str(r.params(), "order_by").orElse("id");
        if (!orderBy.equals("id")) {
            throw FakeError.error(405, "405 Method Not Allowed - keyset pagination only supports order_by=id");
        }
        long after = str(r.params(), "cursor").map(c -> Long.parseLong(new String(Base64.getUrlDecoder().decode(c),
                StandardCharsets.UTF_8))).orElse(desc ? Long.MAX_VALUE : Long.MIN_VALUE);
        Map<Long, T> rest = desc ? source.headMap(after, false).descendingMap() : source.tailMap(after, false);
        ArrayNode body = JSON.arrayNode();
        long last = after;
        boolean more = false;
        for (Map.Entry<Long, T> e : rest.entrySet()) {
            JsonNode json = view.apply(e.getValue());
            if (json == null) {
                continue;
            }
            if (body.size() == perPage) {
                more = true;
                break;
            }
            body.add(json);
            last = e.getKey();
        }
        Resp resp = Resp.of(200, body);
        if (more) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(last)
                    .getBytes(StandardCharsets.UTF_8));
            resp.headers().put("Link", "<" + link(r, "cursor", cursor) + ">; rel=\"next\"");
        }
        return resp;
    }

    private static int perPage(ObjectNode q) {
        int perPage;
        try {
            perPage = str(q, "per_page").map(Integer::parseInt).orElse(20);
        } catch (NumberFormatException e) {
            throw FakeError.error(400, "per_page is invalid");
        }
        if (perPage < 1) {
            throw FakeError.error(400, "per_page does not have a valid value");
        }
        return Math.min(perPage, 100);
    }

    private String link(Req r, String param, String value) {
        StringBuilder q = new StringBuilder();
        boolean replaced = false;
        if (!r.rawQuery().isEmpty()) {
            for (String pair : r.rawQuery().split("&")) {
                String key = pair.split("=", 2)[0];
                if (key.equals(param)) {
                    pair = param + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                    replaced = true;
                }
                q.append(q.length() == 0 ? "" : "&").append(pair);
            }
        }
        if (!replaced) {
            q.append(q.length() == 0 ? "" : "&").append(param).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return baseUrl + r.rawPath() + "?" + q;
    }

    // ------------------------------------------------------------------ JSON views

    private String host() {
        return baseUrl.replaceFirst("^https?://", "").replaceFirst(":.*$", "");
    }

    ObjectNode userJson(User u, boolean admin) {
        ObjectNode n = JSON.objectNode();
        n.put("id", u.id).put("username", u.username).put("name", u.name).put("state", u.state)
                .put("locked", false).put("avatar_url", baseUrl + "/uploads/-/system/user/avatar/" + u.id
                        + "/avatar.png").put("web_url", baseUrl + "/" + u.username);
        if (!admin) {
            return n;
        }
        n.put("created_at", u.createdAt.toString()).put("bio", "").put("location", "").put("public_email", "")
                .put("linkedin", "").put("twitter", "").put("discord", "").put("website_url", "")
                .put("organization", "").put("job_title", "").putNull("pronouns").put("bot", u.bot)
                .putNull("work_information").put("followers", 0).put("following", 0).put("is_followed", false)
                .putNull("local_time").putNull("last_sign_in_at").put("confirmed_at", u.createdAt.toString())
                .putNull("last_activity_on").put("email", u.email).put("theme_id", 1).put("color_scheme_id", 1)
                .put("projects_limit", 100_000).putNull("current_sign_in_at");
        ArrayNode identities = n.putArray("identities");
        for (String[] i : u.identities) {
            identities.addObject().put("provider", i[0]).put("extern_uid", i[1]);
        }
        n.put("can_create_group", true).put("can_create_project", true).put("two_factor_enabled", false)
                .put("external", u.external).put("private_profile", false).put("commit_email", u.email)
                .put("is_admin", u.admin);
        if (u.note == null) {
            n.putNull("note");
        } else {
            n.put("note", u.note);
        }
        n.put("namespace_id", u.id).putNull("created_by");
        return n;
    }

    private ObjectNode memberJson(Group g, User u, Membership ms) {
        ObjectNode n = JSON.objectNode();
        n.put("id", u.id).put("username", u.username).put("name", u.name).put("state", u.state)
                .put("locked", false).put("avatar_url", baseUrl + "/uploads/-/system/user/avatar/" + u.id
                        + "/avatar.png").put("web_url", baseUrl + "/" + u.username)
                .put("created_at", ms.createdAt.toString());
        if (ms.expiresAt == null) {
            n.putNull("expires_at");
        } else {
            n.put("expires_at", ms.expiresAt);
        }
        n.put("access_level", ms.level);
        Optional<String[]> saml = u.identities.stream().filter(i -> i[0].equals(GROUP_SAML)).findFirst();
        if (saml.isPresent()) {
            n.putObject("group_saml_identity").put("extern_uid", saml.get()[1]).put("provider", GROUP_SAML)
                    .put("saml_provider_id", topLevel(g).id);
        } else {
            n.putNull("group_saml_identity");
        }
        n.put("membership_state", "active");
        if (ms.memberRoleId == null) {
            n.putNull("member_role");
        } else {
            n.putObject("member_role").put("id", ms.memberRoleId).put("group_id", topLevel(g).id);
        }
        return n;
    }

    private String fullPath(Group g) {
        return g.parentId == null ? g.path : fullPath(groups.get(g.parentId)) + "/" + g.path;
    }

    private String fullName(Group g) {
        return g.parentId == null ? g.name : fullName(groups.get(g.parentId)) + " / " + g.name;
    }

    private ObjectNode groupJson(Group g) {
        ObjectNode n = JSON.objectNode();
        n.put("id", g.id).put("web_url", baseUrl + "/groups/" + fullPath(g)).put("name", g.name)
                .put("path", g.path).put("description", "").put("visibility", "private")
                .put("share_with_group_lock", false).put("require_two_factor_authentication", false)
                .put("two_factor_grace_period", 48).put("project_creation_level", "developer")
                .putNull("auto_devops_enabled").put("subgroup_creation_level", "maintainer")
                .put("emails_disabled", false).put("emails_enabled", true).putNull("mentions_disabled")
                .put("lfs_enabled", true).put("default_branch_protection", 2).putNull("avatar_url")
                .put("request_access_enabled", true).put("full_name", fullName(g)).put("full_path", fullPath(g))
                .put("created_at", g.createdAt.toString());
        if (g.parentId == null) {
            n.putNull("parent_id");
        } else {
            n.put("parent_id", g.parentId);
        }
        return n;
    }

    private static ObjectNode samlLink(String name, int level, @Nullable Long memberRoleId) {
        ObjectNode n = JSON.objectNode().put("name", name).put("access_level", level);
        if (memberRoleId != null) {
            n.put("member_role_id", memberRoleId);
        }
        n.putNull("provider");
        return n;
    }

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

    private void audit(User author, long entityId, String entityType, String event, String message,
            @Nullable Long groupId) {
        ObjectNode n = JSON.objectNode();
        long id = nextEventId++;
        n.put("id", id).put("author_id", author.id).put("entity_id", groupId != null ? groupId : entityId)
                .put("entity_type", groupId != null ? "Group" : entityType).put("event_name", event);
        n.putObject("details").put("custom_message", message).put("author_name", author.name)
                .put("author_class", "User").put("target_id", entityId).put("target_type", entityType)
                .put("ip_address", "127.0.0.1");
        n.put("created_at", now().toString());
        events.put(id, n);
        if (groupId != null) {
            eventGroups.put(id, groupId);
        }
    }

    // ------------------------------------------------------------------ lookups

    private Optional<User> findByUsername(String username) {
        return users.values().stream().filter(u -> u.username.equalsIgnoreCase(username)).findFirst();
    }

    private Optional<User> findByEmail(String email) {
        return users.values().stream().filter(u -> u.email.equalsIgnoreCase(email)).findFirst();
    }

    private Optional<User> identityOwner(String provider, String externUid) {
        return users.values().stream().filter(u -> u.identities.stream()
                .anyMatch(i -> i[0].equals(provider) && i[1].equals(externUid))).findFirst();
    }

    private User user(long id) {
        User u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("no user " + id);
        }
        return u;
    }

    private Group group(long id) {
        Group g = groups.get(id);
        if (g == null) {
            throw new IllegalArgumentException("no group " + id);
        }
        return g;
    }

    private User user404(String id) {
        User u = users.get(parseId(id));
        if (u == null) {
            throw FakeError.message(404, "404 User Not Found");
        }
        return u;
    }

    private Group group404(String idOrPath) {
        Group g = null;
        if (idOrPath.matches("\\d+")) {
            g = groups.get(Long.parseLong(idOrPath));
        } else {
            for (Group c : groups.values()) {
                if (fullPath(c).equalsIgnoreCase(idOrPath)) {
                    g = c;
                    break;
                }
            }
        }
        if (g == null) {
            throw FakeError.message(404, "404 Group Not Found");
        }
        return g;
    }

    static long parseId(String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw FakeError.error(400, "id is invalid");
        }
    }

    static Optional<String> str(ObjectNode q, String field) {
        JsonNode v = q.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        String text = v.isValueNode() ? v.asText() : v.toString();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    static boolean bool(ObjectNode q, String field) {
        return str(q, field).map(Boolean::parseBoolean).orElse(false);
    }
}
