package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeRest.parseId;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The fake's shared state and its single lock: every entry point of {@link FakeApi} holds this object's monitor, and
 * the concept classes ({@link FakeUsers}, {@link FakeGroups}, {@link FakeTokens}, {@link FakeScim},
 * {@link FakeAudit}) are only ever called with it held. The fake trades concurrency for obviously consistent state,
 * which is plenty for thousands of requests a second.
 */
final class FakeState {
    static final String GROUP_SAML = "group_saml";

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

    final boolean gitlabCom;
    final int defaultScimLevel;
    final SecureRandom random = new SecureRandom();
    String baseUrl = "http://127.0.0.1";
    long nextUserId = 1;
    long nextGroupId = 1;
    long nextTokenId = 1;
    long nextEventId = 1;
    final TreeMap<Long, User> users = new TreeMap<>();
    final TreeMap<Long, Group> groups = new TreeMap<>();
    final Map<Long, TreeMap<Long, Membership>> members = new LinkedHashMap<>();
    final Map<Long, LinkedHashMap<String, ObjectNode>> samlLinks = new LinkedHashMap<>();
    final Map<String, Token> tokensByValue = new LinkedHashMap<>();
    final TreeMap<Long, Token> tokensById = new TreeMap<>();
    final Map<String, LinkedHashMap<String, ScimIdentity>> scimIdentities = new LinkedHashMap<>();
    final Map<String, String> scimTokens = new LinkedHashMap<>();
    final TreeMap<Long, ObjectNode> events = new TreeMap<>();
    final Map<Long, Long> eventGroups = new LinkedHashMap<>();

    FakeState(boolean gitlabCom, int defaultScimLevel) {
        this.gitlabCom = gitlabCom;
        this.defaultScimLevel = defaultScimLevel;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    String secret(String prefix) {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String host() {
        return baseUrl.replaceFirst("^https?://", "").replaceFirst(":.*$", "");
    }

    void requireUserAdmin(User me) {
        // On GitLab.com nobody may write /users: the rule that shapes the whole bridge.
        if (gitlabCom || !me.admin) {
            throw FakeError.message(403, "403 Forbidden");
        }
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

    Optional<User> identityOwner(String provider, String externUid) {
        return users.values().stream().filter(u -> u.identities.stream()
                .anyMatch(i -> i[0].equals(provider) && i[1].equals(externUid))).findFirst();
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

    User user404(String id) {
        User u = users.get(parseId(id));
        if (u == null) {
            throw FakeError.message(404, "404 User Not Found");
        }
        return u;
    }

    Group group404(String idOrPath) {
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

    // ------------------------------------------------------------------ group hierarchy

    TreeMap<Long, Membership> direct(Group g) {
        return members.computeIfAbsent(g.id, k -> new TreeMap<>());
    }

    /** Direct and inherited memberships, highest level per user. */
    TreeMap<Long, Membership> effective(Group g) {
        TreeMap<Long, Membership> result = new TreeMap<>();
        for (Group cur = g; cur != null; cur = cur.parentId == null ? null : groups.get(cur.parentId)) {
            direct(cur).forEach((uid, ms) -> result.merge(uid, ms, (a, b) -> a.level >= b.level ? a : b));
        }
        return result;
    }

    boolean isAncestor(long ancestorId, @Nullable Group g) {
        for (Group cur = g; cur != null; cur = cur.parentId == null ? null : groups.get(cur.parentId)) {
            if (cur.id == ancestorId) {
                return true;
            }
        }
        return false;
    }

    Group topLevel(Group g) {
        Group cur = g;
        while (cur.parentId != null) {
            cur = groups.get(cur.parentId);
        }
        return cur;
    }

    String fullPath(Group g) {
        return g.parentId == null ? g.path : fullPath(groups.get(g.parentId)) + "/" + g.path;
    }

    String fullName(Group g) {
        return g.parentId == null ? g.name : fullName(groups.get(g.parentId)) + " / " + g.name;
    }
}
