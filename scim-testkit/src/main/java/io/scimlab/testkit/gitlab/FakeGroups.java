package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.bool;
import static io.scimlab.testkit.gitlab.FakeRest.match;
import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;
import static io.scimlab.testkit.gitlab.FakeRest.parseId;
import static io.scimlab.testkit.gitlab.FakeRest.str;
import static io.scimlab.testkit.gitlab.FakeState.GROUP_SAML;
import static io.scimlab.testkit.gitlab.FakeState.now;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.Membership;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Groups, their members and SAML group links: {@code /groups/...} and the group and member JSON views. */
final class FakeGroups {
    private final FakeState state;
    private final FakeRest rest;
    private final FakeAudit audit;
    private final FakeTokens tokens;

    FakeGroups(FakeState state, FakeRest rest, FakeAudit audit, FakeTokens tokens) {
        this.state = state;
        this.rest = rest;
        this.audit = audit;
        this.tokens = tokens;
    }

    // ------------------------------------------------------------------ seeding and inspection

    long seedGroup(String name, String path, @Nullable Long parentId) {
        if (parentId != null && !state.groups.containsKey(parentId)) {
            throw new IllegalArgumentException("no group " + parentId);
        }
        Group g = new Group(state.nextGroupId++, name, path, parentId, now());
        state.groups.put(g.id, g);
        return g.id;
    }

    void seedMember(long groupId, long userId, int level) {
        state.group(groupId);
        state.user(userId);
        state.members.computeIfAbsent(groupId, k -> new TreeMap<>()).put(userId, new Membership(level, now()));
    }

    void seedSamlGroupLink(long groupId, String name, int level) {
        state.samlLinks.computeIfAbsent(groupId, k -> new LinkedHashMap<>()).put(name, samlLink(name, level, null));
    }

    Optional<Integer> directLevel(long groupId, long userId) {
        Membership m = state.members.getOrDefault(groupId, new TreeMap<>()).get(userId);
        return Optional.ofNullable(m).map(x -> x.level);
    }

    // ------------------------------------------------------------------ routes

    /** {@code GET /groups}. */
    Resp listGroups(Req r) {
        return rest.page(r, state.groups.values().stream().map(this::groupJson).toList());
    }

    Resp createGroup(Req r, User me) {
        ObjectNode q = r.params();
        String name = str(q, "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
        String path = str(q, "path").orElseThrow(() -> FakeError.error(400, "path is missing"));
        Long parent = str(q, "parent_id").map(FakeRest::parseId).orElse(null);
        if (parent == null && state.gitlabCom) {
            throw FakeError.message(403, "403 Forbidden");
        }
        if (parent != null && !state.groups.containsKey(parent)) {
            throw FakeError.message(404, "404 Group Not Found");
        }
        boolean taken = state.groups.values().stream().anyMatch(g -> java.util.Objects.equals(g.parentId, parent)
                && g.path.equalsIgnoreCase(path));
        if (taken) {
            throw FakeError.field("path", "has already been taken");
        }
        Group g = new Group(state.nextGroupId++, name, path, parent, now());
        state.groups.put(g.id, g);
        audit.record(me, g.id, "Group", "group_created", "Added group " + state.fullPath(g), g.id);
        return Resp.of(201, groupJson(g));
    }

    Resp groupRoutes(Req r, User me, Group g, List<String> p) {
        String m = r.method();
        if (p.isEmpty()) {
            return m.equals("GET") ? Resp.of(200, groupJson(g)) : notAllowed();
        }
        if (match(p, "subgroups") && m.equals("GET")) {
            return rest.page(r, state.groups.values().stream().filter(c -> java.util.Objects.equals(c.parentId, g.id))
                    .map(this::groupJson).toList());
        }
        if (match(p, "descendant_groups") && m.equals("GET")) {
            return rest.page(r, state.groups.values().stream().filter(c -> c.id != g.id && state.isAncestor(g.id, c))
                    .map(this::groupJson).toList());
        }
        if (match(p, "members")) {
            return m.equals("GET") ? rest.page(r, state.direct(g).entrySet().stream()
                    .map(e -> memberJson(g, state.users.get(e.getKey()), e.getValue())).toList())
                    : m.equals("POST") ? addMember(r, me, g) : notAllowed();
        }
        if (match(p, "members", "all") && m.equals("GET")) {
            return rest.page(r, state.effective(g).entrySet().stream()
                    .map(e -> memberJson(g, state.users.get(e.getKey()), e.getValue())).toList());
        }
        if (match(p, "members", "all", "*") && m.equals("GET")) {
            Membership ms = state.effective(g).get(parseId(p.get(2)));
            if (ms == null) {
                throw FakeError.message(404, "404 Not found");
            }
            return Resp.of(200, memberJson(g, state.users.get(parseId(p.get(2))), ms));
        }
        if (match(p, "members", "*")) {
            long uid = parseId(p.get(1));
            Membership ms = state.direct(g).get(uid);
            if (ms == null) {
                throw FakeError.message(404, "404 Not found");
            }
            switch (m) {
                case "GET":
                    return Resp.of(200, memberJson(g, state.users.get(uid), ms));
                case "PUT":
                    applyMembership(r.params(), ms, g, uid, false);
                    audit.record(me, uid, "User", "member_updated", "Changed access level in " + state.fullPath(g),
                            g.id);
                    return Resp.of(200, memberJson(g, state.users.get(uid), ms));
                case "DELETE":
                    state.direct(g).remove(uid);
                    if (!bool(r.params(), "skip_subresources")) {
                        state.groups.values().stream().filter(c -> c.id != g.id && state.isAncestor(g.id, c))
                                .forEach(c -> state.direct(c).remove(uid));
                    }
                    audit.record(me, uid, "User", "member_destroyed", "Removed member from " + state.fullPath(g), g.id);
                    return Resp.of(204, null);
                default:
                    return notAllowed();
            }
        }
        if (match(p, "saml_group_links")) {
            LinkedHashMap<String, ObjectNode> links = state.samlLinks.computeIfAbsent(g.id, k -> new LinkedHashMap<>());
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
                ObjectNode link = samlLink(name, level, str(r.params(), "member_role_id").map(FakeRest::parseId)
                        .orElse(null));
                links.put(name, link);
                return Resp.of(201, link);
            }
            return notAllowed();
        }
        if (match(p, "saml_group_links", "*")) {
            LinkedHashMap<String, ObjectNode> links = state.samlLinks.computeIfAbsent(g.id, k -> new LinkedHashMap<>());
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
            return tokens.serviceAccounts(r, me, g, p);
        }
        if (match(p, "access_tokens")) {
            return tokens.groupAccessTokens(r, g);
        }
        if (match(p, "access_tokens", "*", "rotate") && m.equals("POST")) {
            return tokens.rotateGroupToken(r, me, g, p.get(1));
        }
        if (match(p, "audit_events") && m.equals("GET")) {
            return audit.groupEvents(r, g);
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
                if (state.users.containsKey(uid) && !state.direct(g).containsKey(uid)) {
                    Membership ms = new Membership(level, now());
                    applyMembership(q, ms, g, uid, true);
                    state.direct(g).put(uid, ms);
                    audit.record(me, uid, "User", "member_created", "Added member to " + state.fullPath(g), g.id);
                }
            }
            return Resp.of(201, JSON.objectNode().put("status", "success"));
        }
        long uid = parseId(ids);
        User u = state.users.get(uid);
        if (u == null) {
            throw FakeError.message(404, "404 User Not Found");
        }
        if (state.direct(g).containsKey(uid)) {
            throw FakeError.message(409, "Member already exists");
        }
        Membership ms = new Membership(level, now());
        applyMembership(q, ms, g, uid, true);
        state.direct(g).put(uid, ms);
        audit.record(me, uid, "User", "member_created", "Added member to " + state.fullPath(g), g.id);
        return Resp.of(201, memberJson(g, u, ms));
    }

    private void applyMembership(ObjectNode q, Membership ms, Group g, long uid, boolean creating) {
        if (q.has("access_level") || creating) {
            int level = level(q);
            int inherited = g.parentId == null ? 0
                    : state.effective(state.groups.get(g.parentId)).getOrDefault(uid, new Membership(0, now())).level;
            if (level < inherited) {
                throw FakeError.field("access_level", "should be greater than or equal to " + roleName(inherited)
                        + " inherited membership from group " + state.groups.get(g.parentId).name);
            }
            ms.level = level;
        }
        if (q.has("expires_at")) {
            ms.expiresAt = str(q, "expires_at").orElse(null);
        }
        if (q.has("member_role_id")) {
            ms.memberRoleId = str(q, "member_role_id").map(FakeRest::parseId).orElse(null);
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

    // ------------------------------------------------------------------ JSON views

    private ObjectNode memberJson(Group g, User u, Membership ms) {
        ObjectNode n = JSON.objectNode();
        n.put("id", u.id).put("username", u.username).put("name", u.name).put("state", u.state)
                .put("locked", false).put("avatar_url", state.baseUrl + "/uploads/-/system/user/avatar/" + u.id
                        + "/avatar.png").put("web_url", state.baseUrl + "/" + u.username)
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
                    .put("saml_provider_id", state.topLevel(g).id);
        } else {
            n.putNull("group_saml_identity");
        }
        n.put("membership_state", "active");
        if (ms.memberRoleId == null) {
            n.putNull("member_role");
        } else {
            n.putObject("member_role").put("id", ms.memberRoleId).put("group_id", state.topLevel(g).id);
        }
        return n;
    }

    private ObjectNode groupJson(Group g) {
        ObjectNode n = JSON.objectNode();
        n.put("id", g.id).put("web_url", state.baseUrl + "/groups/" + state.fullPath(g)).put("name", g.name)
                .put("path", g.path).put("description", "").put("visibility", "private")
                .put("share_with_group_lock", false).put("require_two_factor_authentication", false)
                .put("two_factor_grace_period", 48).put("project_creation_level", "developer")
                .putNull("auto_devops_enabled").put("subgroup_creation_level", "maintainer")
                .put("emails_disabled", false).put("emails_enabled", true).putNull("mentions_disabled")
                .put("lfs_enabled", true).put("default_branch_protection", 2).putNull("avatar_url")
                .put("request_access_enabled", true).put("full_name", state.fullName(g))
                .put("full_path", state.fullPath(g))
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
}
