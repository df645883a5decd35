package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.bool;
import static io.scimlab.testkit.gitlab.FakeRest.match;
import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;
import static io.scimlab.testkit.gitlab.FakeRest.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.MemberRole;
import io.scimlab.testkit.gitlab.FakeState.Membership;
import io.scimlab.testkit.gitlab.FakeState.Project;
import io.scimlab.testkit.gitlab.FakeState.Source;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Group and project members ({@code lib/api/members.rb}, {@code app/models/member.rb},
 * {@code app/services/members/*}): direct and inherited lists, adding one user or several, updating, removing with
 * its cascade, the last-owner rule, custom roles and the {@code members_delete} rate limit.
 */
final class FakeMembers {
    private final FakeState state;
    private final FakeRest rest;
    private final FakeAudit audit;
    private final FakeViews views;
    private final FakeRateLimiter limiter;

    FakeMembers(FakeState state, FakeRest rest, FakeAudit audit, FakeViews views, FakeRateLimiter limiter) {
        this.state = state;
        this.rest = rest;
        this.audit = audit;
        this.views = views;
        this.limiter = limiter;
    }

    void seedMember(Source s, long userId, int level) {
        state.user(userId);
        state.direct(s).put(userId, new Membership(level, state.now()));
    }

    /** {@code admin_group_member}: an administrator or an owner of the group (directly or inherited). */
    boolean canAdmin(User me, Group g) {
        if (state.isAdmin(me)) {
            return true;
        }
        Membership ms = state.effective(Source.group(g.id)).get(me.id);
        return ms != null && ms.level == 50;
    }

    // ------------------------------------------------------------------ routes

    /** {@code /groups|projects/:id/members[...]}; {@code p} starts at {@code members}. */
    Resp routes(Req r, User me, Source s, List<String> p) {
        String m = r.method();
        if (p.size() == 1) {
            return m.equals("GET") ? rest.page(r, search(s, str(r.params(), "query"), userIds(r))) : m.equals("POST")
                    ? add(r, me, s) : notAllowed();
        }
        if (match(p, "members", "all")) {
            return m.equals("GET") ? rest.page(r, list(s, state.effective(s))) : notAllowed();
        }
        if (match(p, "members", "all", "*") && m.equals("GET")) {
            long uid = FakeRest.parseId(p.get(2), "user_id");
            Membership ms = state.effective(s).get(uid);
            if (ms == null) {
                throw FakeError.message(404, "404 Not found");
            }
            return Resp.of(200, views.member(s, state.user(uid), ms));
        }
        if (match(p, "members", "*")) {
            long uid = FakeRest.parseId(p.get(1), "user_id");
            return switch (m) {
                case "GET" -> Resp.of(200, views.member(s, state.user(uid), direct404(s, uid)));
                case "PUT" -> update(r, me, s, uid);
                case "DELETE" -> delete(r, me, s, uid);
                default -> notAllowed();
            };
        }
        throw FakeError.error(404, "404 Not Found");
    }

    /**
     * Direct members (with {@code user_ids} only those users), or with {@code query} those {@code User.search} finds
     * (lib/api/helpers/members_helpers.rb, {@code use_minimum_char_limit: false}, no private emails), exact matches
     * first.
     */
    private List<ObjectNode> search(Source s, Optional<String> query, Optional<Set<Long>> userIds) {
        if (query.isEmpty() || query.get().isEmpty()) {
            return list(s, state.direct(s)).stream().filter(n -> userIds.map(ids -> ids.contains(n.path("id")
                    .asLong())).orElse(true)).toList();
        }
        String term = query.get();
        // Pair each membership with its user once (a member whose user is gone is not listed).
        record Hit(long id, User user, Membership membership) {
        }
        List<Hit> hits = new ArrayList<>();
        for (Map.Entry<Long, Membership> e : state.direct(s).entrySet()) {
            User user = state.users.get(e.getKey());
            if (user != null && userIds.map(ids -> ids.contains(e.getKey())).orElse(true)
                    && FakeUsers.searchMatches(user, term, false, false)) {
                hits.add(new Hit(e.getKey(), user, e.getValue()));
            }
        }
        return hits.stream().sorted(Comparator.comparingInt((Hit h) -> FakeUsers.searchRank(h.user(), term))
                .thenComparingLong(Hit::id)).map(h -> views.member(s, h.user(), h.membership())).toList();
    }

    /**
     * {@code user_ids}: comma-separated integers ({@code CommaSeparatedToIntegerArray}), the members among them; a
     * value that is not a list of integers is 400 {@code user_ids is invalid}.
     */
    private static Optional<Set<Long>> userIds(Req r) {
        Optional<String> raw = str(r.params(), "user_ids");
        if (raw.isEmpty() || raw.get().isBlank()) {
            return Optional.empty();
        }
        Set<Long> ids = new HashSet<>();
        for (String part : raw.get().split(",", -1)) {
            try {
                ids.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw FakeError.error(400, "user_ids is invalid");
            }
        }
        return Optional.of(ids);
    }

    private List<ObjectNode> list(Source s, Map<Long, Membership> ms) {
        return ms.entrySet().stream().filter(e -> state.users.containsKey(e.getKey()))
                .map(e -> views.member(s, state.user(e.getKey()), e.getValue())).toList();
    }

    private Membership direct404(Source s, long uid) {
        Membership ms = state.direct(s).get(uid);
        if (ms == null || !state.users.containsKey(uid)) {
            throw FakeError.message(404, "404 Not found");
        }
        return ms;
    }

    /** {@code POST .../members}: one user (201 with the member) or several, comma-separated (201 with a status). */
    private Resp add(Req r, User me, Source s) {
        ObjectNode q = r.params();
        List<String> missing = new ArrayList<>();
        if (str(q, "access_level").isEmpty()) {
            missing.add("access_level is missing");
        }
        if (str(q, "user_id").isEmpty()) {
            missing.add("user_id is missing");
        }
        if (!missing.isEmpty()) {
            throw FakeError.error(400, String.join(", ", missing));
        }
        int level = FakeRest.intParam(q, "access_level").orElseThrow();
        String expiresAt = expiresAt(q);
        Long roleId = memberRoleParam(q);
        String ids = str(q, "user_id").orElseThrow();
        if (ids.contains(",")) {
            return addSeveral(me, s, ids, level, expiresAt, roleId);
        }
        long uid = FakeRest.parseId(ids, "user_id");
        if (state.direct(s).containsKey(uid)) {
            throw FakeError.message(409, "Member already exists");
        }
        User u = state.users.get(uid);
        if (u == null) {
            throw FakeError.message(404, "404 User Not Found");
        }
        Map<String, List<String>> errors = validate(s, uid, level, roleId, null);
        if (!errors.isEmpty()) {
            throw FakeError.fields(errors);
        }
        Membership ms = new Membership(level, state.now());
        ms.expiresAt = expiresAt;
        ms.memberRoleId = roleId;
        state.direct(s).put(uid, ms);
        audit.record(me, uid, "User", "member_created", "Added member to " + state.sourcePath(s), auditGroup(s));
        return Resp.of(201, views.member(s, u, ms));
    }

    /**
     * {@code Members::CreateService} through {@code CreatorService}: unknown ids are dropped; an existing member is
     * re-assigned the level, the expiry (cleared when not sent) and the custom role; failures come back per user
     * inside a 201.
     */
    private Resp addSeveral(User me, Source s, String ids, int level, @Nullable String expiresAt,
            @Nullable Long roleId) {
        TreeSet<Long> wanted = new TreeSet<>();
        for (String id : ids.split(",", -1)) {
            if (id.trim().matches("\\d+")) {
                wanted.add(Long.parseLong(id.trim()));
            }
        }
        if (wanted.isEmpty()) {
            return Resp.of(201, JSON.objectNode().put("status", "error").put("message", "No users specified."));
        }
        if (wanted.size() > 100) {
            return Resp.of(201, JSON.objectNode().put("status", "error")
                    .put("message", "Too many users specified (limit is 100)"));
        }
        List<String> failures = new ArrayList<>();
        for (long uid : wanted) {
            User u = state.users.get(uid);
            if (u == null) {
                continue;
            }
            Membership existing = state.direct(s).get(uid);
            if (existing != null && !s.project() && state.lastOwner(state.group(s.id()), uid)) {
                // GroupMemberPolicy forbids update_group_member on the last owner.
                failures.add(u.username + ": not authorized to update member");
                continue;
            }
            Map<String, List<String>> errors = validate(s, uid, level, roleId, existing);
            if (!errors.isEmpty()) {
                failures.add(u.username + ": " + FakeRest.sentence(fullMessages(errors)));
                continue;
            }
            Membership ms = existing != null ? existing : new Membership(level, state.now());
            ms.level = level;
            ms.expiresAt = expiresAt;
            ms.memberRoleId = roleId;
            if (existing == null) {
                state.direct(s).put(uid, ms);
                audit.record(me, uid, "User", "member_created", "Added member to " + state.sourcePath(s),
                        auditGroup(s));
            }
        }
        if (!failures.isEmpty()) {
            return Resp.of(201, JSON.objectNode().put("status", "error")
                    .put("message", FakeRest.sentence(failures)));
        }
        return Resp.of(201, JSON.objectNode().put("status", "success"));
    }

    /** {@code PUT .../members/:user_id}: {@code access_level} is required; the last owner cannot be changed. */
    private Resp update(Req r, User me, Source s, long uid) {
        ObjectNode q = r.params();
        if (str(q, "access_level").isEmpty()) {
            throw FakeError.error(400, "access_level is missing");
        }
        int level = FakeRest.intParam(q, "access_level").orElseThrow();
        String expiresAt = expiresAt(q);
        Long roleId = q.has("member_role_id") ? memberRoleParam(q) : null;
        Membership ms = direct404(s, uid);
        if (!s.project() && state.lastOwner(state.group(s.id()), uid)) {
            throw FakeError.message(403, "403 Forbidden");
        }
        Long newRole = state.options.customRoles() && q.has("member_role_id") ? roleId : ms.memberRoleId;
        Map<String, List<String>> errors = validate(s, uid, level, newRole, ms);
        if (!errors.isEmpty()) {
            throw FakeError.fields(errors);
        }
        ms.level = level;
        ms.memberRoleId = newRole;
        if (q.has("expires_at")) {
            ms.expiresAt = expiresAt;
        }
        audit.record(me, uid, "User", "member_updated", "Changed access level in " + state.sourcePath(s),
                auditGroup(s));
        return Resp.of(200, views.member(s, state.user(uid), ms));
    }

    /**
     * {@code DELETE .../members/:user_id}: found first (a 404 is not counted), then the {@code members_delete} limit
     * per source and caller, then the last-owner rule, then {@code Members::DestroyService}.
     */
    private Resp delete(Req r, User me, Source s, long uid) {
        direct404(s, uid);
        limiter.check(FakeRateLimiter.Key.MEMBERS_DELETE, (s.project() ? "project:" : "group:") + s.id()
                + "/user:" + me.id);
        if (!s.project() && state.lastOwner(state.group(s.id()), uid)) {
            throw FakeError.message(403, "403 Forbidden");
        }
        destroy(s, uid, bool(r.params(), "skip_subresources"), true);
        audit.record(me, uid, "User", "member_destroyed", "Removed member from " + state.sourcePath(s), auditGroup(s));
        return Resp.of(204, null);
    }

    /**
     * {@code Members::DestroyService}: the membership and, unless {@code skipSubresources}, the user's direct
     * memberships in the group's descendants and in every project below it. {@code cleanupSaml}: a REST removal
     * from a group with a SAML provider also deletes the user's SAML identity of that provider (SCIM keeps it).
     */
    void destroy(Source s, long uid, boolean skipSubresources, boolean cleanupSaml) {
        state.direct(s).remove(uid);
        if (s.project()) {
            return;
        }
        Group g = state.groups.get(s.id());
        if (g == null) {
            return; // the group itself is gone
        }
        if (!skipSubresources) {
            state.selfAndDescendants(g).forEach(c -> state.direct(c).remove(uid));
            state.allProjects(g).forEach(p -> state.direct(Source.project(p.id)).remove(uid));
        }
        User u = state.users.get(uid);
        if (cleanupSaml && g.samlProviderId != null && u != null) {
            u.identities.removeIf(i -> g.samlProviderId.equals(i.samlProviderId));
        }
    }

    /**
     * {@code DELETE /groups/:id/billable_members/:user_id} ({@code ee/lib/ee/api/members.rb},
     * {@code BillableMembers::DestroyService}): every membership of the user in the hierarchy, top-level groups only.
     */
    Resp deleteBillable(User me, Group g, long uid) {
        if (g.parentId != null) {
            throw FakeError.message(400, "400 Bad request - Invalid group provided, must be top-level");
        }
        if (!canAdmin(me, g)) {
            throw FakeError.message(400, "400 Bad request - User unauthorized to remove member");
        }
        List<Source> sources = new ArrayList<>();
        state.selfAndDescendants(g).forEach(c -> sources.add(Source.group(c.id)));
        state.allProjects(g).forEach(p -> sources.add(Source.project(p.id)));
        sources.removeIf(src -> !state.direct(src).containsKey(uid));
        if (sources.isEmpty()) {
            throw FakeError.message(400, "400 Bad request - No member found for the given user_id");
        }
        for (Source src : sources) {
            if (!src.project() && state.lastOwner(state.group(src.id()), uid)) {
                throw FakeError.message(400, "400 Bad request");
            }
        }
        sources.forEach(src -> destroy(src, uid, true, true));
        audit.record(me, uid, "User", "member_destroyed", "Removed billable member from " + state.fullPath(g), g.id);
        return Resp.of(204, null);
    }

    // ------------------------------------------------------------------ validation

    /**
     * The model validations of a membership, field by field: the level is one of GitLab's roles (Planner from
     * 17.7), at least any inherited one, and matches an attached custom role, which cannot be kept while the level
     * changes.
     */
    private Map<String, List<String>> validate(Source s, long uid, int level, @Nullable Long roleId,
            @Nullable Membership existing) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        Membership inherited = null;
        Group inheritedGroup = null;
        for (Group g : state.inheritedFrom(s)) {
            Membership ms = state.direct(g).get(uid);
            if (ms != null && (inherited == null || ms.level > inherited.level)) {
                inherited = ms;
                inheritedGroup = g;
            }
        }
        if (inherited != null && inherited.level > level) {
            add(errors, "access_level", "should be greater than or equal to " + FakeState.roleName(inherited.level)
                    + " inherited membership from group " + Objects.requireNonNull(inheritedGroup).name);
        }
        if (!validLevels(s).contains(level)) {
            add(errors, "access_level", "is not included in the list");
        }
        if (roleId != null && state.options.customRoles()) {
            MemberRole role = state.memberRoles.get(roleId);
            if (role == null) {
                add(errors, "member_role", "must exist");
            } else {
                if (role.baseLevel() != level) {
                    add(errors, "member_role_id", "the custom role's base access level does not match the current "
                            + "access level");
                }
                if (existing != null && roleId.equals(existing.memberRoleId) && existing.level != level) {
                    add(errors, "access_level", "cannot be changed because of an existing association with a custom "
                            + "role");
                }
                if (role.namespaceId() != null && role.namespaceId() != state.rootOf(s).id) {
                    add(errors, s.project() ? "project" : "group", "must be in same hierarchy as custom role's "
                            + "namespace");
                }
            }
        }
        return errors;
    }

    /** {@code Gitlab::Access.all_values}, plus Minimal Access on groups (EE); Planner exists from 17.7. */
    List<Integer> validLevels(Source s) {
        List<Integer> levels = new ArrayList<>(List.of(10, 20, 30, 40, 50));
        if (state.options.version().atLeast(17, 7)) {
            levels.add(15);
        }
        if (!s.project()) {
            levels.add(5);
        }
        return levels;
    }

    private static void add(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }

    /** Rails' {@code full_messages}: the humanized attribute, then the message ({@code base} has no prefix). */
    private static List<String> fullMessages(Map<String, List<String>> errors) {
        List<String> out = new ArrayList<>();
        errors.forEach((field, messages) -> {
            String name = field.endsWith("_id") ? field.substring(0, field.length() - 3) : field;
            name = Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('_', ' ');
            for (String msg : messages) {
                out.add(field.equals("base") ? msg : name + " " + msg);
            }
        });
        return out;
    }

    /** {@code member_role_id}: kept only when the licence has custom roles, dropped silently otherwise. */
    private @Nullable Long memberRoleParam(ObjectNode q) {
        Optional<Integer> id = FakeRest.intParam(q, "member_role_id");
        return state.options.customRoles() ? id.map(Integer::longValue).orElse(null) : null;
    }

    /** {@code expires_at}: a date (Grape {@code DateTime}); unparseable is {@code expires_at is invalid}. */
    private static @Nullable String expiresAt(ObjectNode q) {
        Optional<String> raw = str(q, "expires_at");
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.get().length() >= 10 ? raw.get().substring(0, 10) : raw.get()).toString();
        } catch (DateTimeParseException e) {
            throw FakeError.error(400, "expires_at is invalid");
        }
    }

    private @Nullable Long auditGroup(Source s) {
        if (!s.project()) {
            return s.id();
        }
        Project p = state.projects.get(s.id());
        return p == null ? null : p.groupId;
    }
}
