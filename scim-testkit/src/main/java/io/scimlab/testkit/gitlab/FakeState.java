package io.scimlab.testkit.gitlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The fake's shared state and its single lock: every entry point of {@link FakeApi} holds this object's monitor, and
 * the concept classes are only ever called with it held. The fake trades concurrency for obviously consistent state,
 * which is plenty for thousands of requests a second.
 */
final class FakeState {
    static final String GROUP_SAML = "group_saml";
    /** The states GitLab's {@code User#blocked?} counts as blocked. */
    static final List<String> BLOCKED_STATES = List.of("blocked", "ldap_blocked", "banned", "blocked_pending_approval");
    static final List<String> STATES = List.of("active", "deactivated", "blocked", "ldap_blocked", "banned",
            "blocked_pending_approval");

    static final class User {
        long id;
        String username;
        String name;
        String email;
        String state = "active";
        final List<Identity> identities = new ArrayList<>();
        @Nullable String note;
        boolean admin;
        boolean external;
        boolean bot;
        @Nullable Long serviceAccountOf;
        boolean instanceServiceAccount;
        Instant createdAt;
        @Nullable LocalDate lastActivityOn;
        @Nullable Instant currentSignInAt;
        @Nullable Instant lastSignInAt;

        User(long id, String username, String name, String email, Instant createdAt) {
            this.id = id;
            this.username = username;
            this.name = name;
            this.email = email;
            this.createdAt = createdAt;
        }

        boolean blocked() {
            return BLOCKED_STATES.contains(state);
        }

        /** A project or group access token's bot; service accounts are bots too, but not these. */
        boolean resourceBot() {
            return bot && serviceAccountOf == null && !instanceServiceAccount;
        }

        Optional<Identity> identity(String provider) {
            return identities.stream().filter(i -> i.provider.equals(provider)).findFirst();
        }
    }

    /** An {@code identities} row; {@code samlProviderId} is set for {@code group_saml} identities. */
    static final class Identity {
        final String provider;
        String externUid;
        final @Nullable Long samlProviderId;

        Identity(String provider, String externUid, @Nullable Long samlProviderId) {
            this.provider = provider;
            this.externUid = externUid;
            this.samlProviderId = samlProviderId;
        }
    }

    static final class Group {
        long id;
        String name;
        String path;
        @Nullable Long parentId;
        Instant createdAt;
        /** The id of the group's SAML provider; only top-level groups on GitLab.com have one. */
        @Nullable Long samlProviderId;

        Group(long id, String name, String path, @Nullable Long parentId, Instant createdAt) {
            this.id = id;
            this.name = name;
            this.path = path;
            this.parentId = parentId;
            this.createdAt = createdAt;
        }
    }

    static final class Project {
        final long id;
        final String name;
        final String path;
        final long groupId;
        final Instant createdAt;

        Project(long id, String name, String path, long groupId, Instant createdAt) {
            this.id = id;
            this.name = name;
            this.path = path;
            this.groupId = groupId;
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

    /** A custom role: a base access level plus permissions, owned by a top-level group (or the instance). */
    record MemberRole(long id, @Nullable Long namespaceId, String name, int baseLevel) {
    }

    static final class Token {
        long id;
        long userId;
        // Set by whoever creates the token; the defaults only keep the fields non-null.
        String name = "";
        String value = "";
        List<String> scopes = List.of();
        boolean revoked;
        @Nullable String expiresAt;
        /** The token this one was rotated from ({@code previous_personal_access_token_id}). */
        @Nullable Long previousId;
        @Nullable Long groupId;
        int accessLevel;
        Instant createdAt = Instant.EPOCH;
        @Nullable Instant lastUsedAt;
    }

    static final class ScimIdentity {
        String externId;
        final long userId;
        final @Nullable Long groupId;
        boolean active = true;

        ScimIdentity(String externId, long userId, @Nullable Long groupId) {
            this.externId = externId;
            this.userId = userId;
            this.groupId = groupId;
        }
    }

    /** Where a membership lives: a group or a project. */
    record Source(boolean project, long id) {
        static Source group(long id) {
            return new Source(false, id);
        }

        static Source project(long id) {
            return new Source(true, id);
        }
    }

    final FakeOptions options;
    final boolean gitlabCom;
    final SecureRandom random = new SecureRandom();
    String externalUrl = "http://127.0.0.1";
    long nextUserId = 1;
    long nextGroupId = 1;
    long nextProjectId = 1;
    long nextTokenId = 1;
    long nextEventId = 1;
    long nextMemberRoleId = 1;
    // SAML providers have their own ids; 100 apart from group ids so a test cannot confuse the two.
    long nextSamlProviderId = 101;
    final TreeMap<Long, User> users = new TreeMap<>();
    final TreeMap<Long, Group> groups = new TreeMap<>();
    final TreeMap<Long, Project> projects = new TreeMap<>();
    final Map<Source, TreeMap<Long, Membership>> members = new LinkedHashMap<>();
    final TreeMap<Long, MemberRole> memberRoles = new TreeMap<>();
    final Map<Long, List<ObjectNode>> samlLinks = new LinkedHashMap<>();
    final Map<String, Token> tokensByValue = new LinkedHashMap<>();
    final TreeMap<Long, Token> tokensById = new TreeMap<>();
    /** SCIM identities by scope ({@code instance} or {@code group:<id>}), keyed by lower-case extern uid. */
    final Map<String, LinkedHashMap<String, ScimIdentity>> scimIdentities = new LinkedHashMap<>();
    final Map<String, String> scimTokens = new LinkedHashMap<>();
    final TreeMap<Long, ObjectNode> events = new TreeMap<>();
    final Map<Long, Long> eventGroups = new LinkedHashMap<>();

    FakeState(FakeOptions options) {
        this.options = options;
        this.gitlabCom = options.gitlabCom();
    }

    Instant now() {
        return options.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Today in UTC, the day GitLab compares token expiry dates and activity with. */
    LocalDate today() {
        return LocalDate.ofInstant(options.clock().instant(), ZoneOffset.UTC);
    }

    String secret(String prefix) {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The host of the external URL, for the {@code @noreply.<host>} addresses GitLab makes up. */
    String host() {
        return java.net.URI.create(externalUrl).getHost();
    }

    void requireUserAdmin(User me) {
        // On GitLab.com nobody may write /users: the rule that shapes the whole bridge.
        if (gitlabCom || !me.admin) {
            throw FakeError.message(403, "403 Forbidden");
        }
    }

    /** {@code can_read_all_resources?}: an administrator of a self-managed instance. */
    boolean isAdmin(User me) {
        return me.admin && !gitlabCom;
    }

    void removeUser(User u) {
        users.remove(u.id);
        members.values().forEach(m -> m.remove(u.id));
        tokensById.values().stream().filter(t -> t.userId == u.id).forEach(t -> t.revoked = true);
        scimIdentities.values().forEach(m -> m.values().removeIf(i -> i.userId == u.id));
    }

    // ------------------------------------------------------------------ lookups

    Optional<User> findByUsername(String username) {
        return users.values().stream().filter(u -> u.username.equalsIgnoreCase(username)).findFirst();
    }

    Optional<User> findByEmail(String email) {
        return users.values().stream().filter(u -> u.email.equalsIgnoreCase(email)).findFirst();
    }

    /** The user holding an identity; extern uids are unique per provider, case-insensitively. */
    Optional<User> identityOwner(String provider, String externUid) {
        return users.values().stream().filter(u -> u.identities.stream()
                .anyMatch(i -> i.provider.equals(provider) && i.externUid.equalsIgnoreCase(externUid))).findFirst();
    }

    User user(long id) {
        User u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("no user " + id);
        }
        return u;
    }

    Group group(long id) {
        Group g = groups.get(id);
        if (g == null) {
            throw new IllegalArgumentException("no group " + id);
        }
        return g;
    }

    Token token(long id) {
        Token t = tokensById.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no token " + id);
        }
        return t;
    }

    Project project(long id) {
        Project p = projects.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no project " + id);
        }
        return p;
    }

    /** {@code /users/:id}: the route requires digits, so anything else is an unknown route. */
    User user404(String id) {
        if (!id.matches("[0-9]+")) {
            throw FakeError.error(404, "404 Not Found");
        }
        User u = users.get(Long.parseLong(id));
        if (u == null) {
            throw FakeError.message(404, "404 User Not Found");
        }
        return u;
    }

    Optional<Group> findGroup(String idOrPath) {
        if (idOrPath.matches("\\d+")) {
            return Optional.ofNullable(groups.get(Long.parseLong(idOrPath)));
        }
        return groups.values().stream().filter(c -> fullPath(c).equalsIgnoreCase(idOrPath)).findFirst();
    }

    Group group404(String idOrPath) {
        return findGroup(idOrPath).orElseThrow(() -> FakeError.message(404, "404 Group Not Found"));
    }

    Project project404(String idOrPath) {
        Optional<Project> p = idOrPath.matches("\\d+") ? Optional.ofNullable(projects.get(Long.parseLong(idOrPath)))
                : projects.values().stream().filter(c -> fullPath(c).equalsIgnoreCase(idOrPath)).findFirst();
        return p.orElseThrow(() -> FakeError.message(404, "404 Project Not Found"));
    }

    // ------------------------------------------------------------------ hierarchy

    NavigableMap<Long, Membership> direct(Source s) {
        return members.computeIfAbsent(s, k -> new TreeMap<>());
    }

    NavigableMap<Long, Membership> direct(Group g) {
        return direct(Source.group(g.id));
    }

    /** The groups a source inherits memberships from, nearest first: a group's ancestors, a project's group chain. */
    List<Group> inheritedFrom(Source s) {
        List<Group> chain = new ArrayList<>();
        @Nullable Group start = s.project() ? groups.get(project(s.id()).groupId) : parent(groups.get(s.id()));
        for (Group cur = start; cur != null; cur = parent(cur)) {
            chain.add(cur);
        }
        return chain;
    }

    /** Direct and inherited memberships, the highest level per user (as {@code /members/all} shows them). */
    NavigableMap<Long, Membership> effective(Source s) {
        TreeMap<Long, Membership> result = new TreeMap<>(direct(s));
        for (Group g : inheritedFrom(s)) {
            direct(g).forEach((uid, ms) -> result.merge(uid, ms, (a, b) -> a.level >= b.level ? a : b));
        }
        return result;
    }

    @Nullable Group parent(@Nullable Group g) {
        return g == null || g.parentId == null ? null : groups.get(g.parentId);
    }

    boolean isAncestor(long ancestorId, @Nullable Group g) {
        for (Group cur = g; cur != null; cur = parent(cur)) {
            if (cur.id == ancestorId) {
                return true;
            }
        }
        return false;
    }

    /** The group and its descendants. */
    List<Group> selfAndDescendants(Group top) {
        return groups.values().stream().filter(c -> isAncestor(top.id, c)).toList();
    }

    /** The projects of the group and its descendants. */
    List<Project> allProjects(Group top) {
        return projects.values().stream().filter(p -> isAncestor(top.id, groups.get(p.groupId))).toList();
    }

    Group topLevel(Group g) {
        Group cur = g;
        while (cur.parentId != null) {
            cur = group(cur.parentId);
        }
        return cur;
    }

    Group rootOf(Source s) {
        return topLevel(s.project() ? group(project(s.id()).groupId) : group(s.id()));
    }

    String fullPath(Group g) {
        return g.parentId == null ? g.path : fullPath(group(g.parentId)) + "/" + g.path;
    }

    String fullPath(Project p) {
        return fullPath(group(p.groupId)) + "/" + p.path;
    }

    String fullName(Group g) {
        return g.parentId == null ? g.name : fullName(group(g.parentId)) + " / " + g.name;
    }

    String sourceName(Source s) {
        return s.project() ? project(s.id()).name : group(s.id()).name;
    }

    String sourcePath(Source s) {
        return s.project() ? fullPath(project(s.id())) : fullPath(group(s.id()));
    }

    /**
     * {@code Group#last_owner?}: the user is the only owner among the group's and its ancestors' members
     * ({@code member_owners_excluding_project_bots}).
     */
    boolean lastOwner(Group g, long userId) {
        java.util.Set<Long> owners = new java.util.HashSet<>();
        for (Group cur = g; cur != null; cur = parent(cur)) {
            direct(cur).forEach((uid, ms) -> {
                User u = users.get(uid);
                if (ms.level == 50 && u != null && !u.resourceBot() && u.state.equals("active")) {
                    owners.add(uid);
                }
            });
        }
        if (!owners.isEmpty()) {
            return owners.size() == 1 && owners.contains(userId);
        }
        // member_last_blocked_owner?: with no active owner left, the one blocked owner is protected too.
        java.util.Set<Long> all = new java.util.HashSet<>();
        for (Group cur = g; cur != null; cur = parent(cur)) {
            direct(cur).forEach((uid, ms) -> {
                if (ms.level == 50 && users.containsKey(uid) && !users.get(uid).resourceBot()) {
                    all.add(uid);
                }
            });
        }
        return all.size() == 1 && all.contains(userId);
    }

    static String roleName(int level) {
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

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
