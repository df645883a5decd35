package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.bool;
import static io.scimlab.testkit.gitlab.FakeRest.match;
import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;
import static io.scimlab.testkit.gitlab.FakeRest.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Caller;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.MemberRole;
import io.scimlab.testkit.gitlab.FakeState.Source;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.List;
import java.util.Objects;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/** Groups ({@code lib/api/groups.rb}) and the routes below {@code /groups/:id}, handed to their concept. */
final class FakeGroups {
    private final FakeState state;
    private final FakeRest rest;
    private final FakeAudit audit;
    private final FakeViews views;
    private final FakeMembers members;
    private final FakeSamlLinks samlLinks;
    private final FakeTokens tokens;
    private final FakeServiceAccounts serviceAccounts;

    FakeGroups(FakeState state, FakeRest rest, FakeAudit audit, FakeViews views, FakeMembers members,
            FakeSamlLinks samlLinks, FakeTokens tokens, FakeServiceAccounts serviceAccounts) {
        this.state = state;
        this.rest = rest;
        this.audit = audit;
        this.views = views;
        this.members = members;
        this.samlLinks = samlLinks;
        this.tokens = tokens;
        this.serviceAccounts = serviceAccounts;
    }

    // ------------------------------------------------------------------ seeding

    long seedGroup(String name, String path, @Nullable Long parentId) {
        if (parentId != null && !state.groups.containsKey(parentId)) {
            throw new IllegalArgumentException("no group " + parentId);
        }
        Group g = new Group(state.nextGroupId++, name, path, parentId, state.now());
        state.groups.put(g.id, g);
        return g.id;
    }

    /** Configures SAML SSO on a top-level group (idempotent); GitLab.com's group SCIM needs it. */
    long enableSaml(long groupId) {
        Group g = state.group(groupId);
        if (g.parentId != null) {
            throw new IllegalArgumentException("only a top-level group has a SAML provider");
        }
        if (g.samlProviderId == null) {
            g.samlProviderId = state.nextSamlProviderId++;
        }
        return g.samlProviderId;
    }

    /** A custom role of a top-level group (GitLab.com), or of the instance when {@code groupId} is null. */
    long seedMemberRole(@Nullable Long groupId, String name, int baseLevel) {
        if (groupId != null && state.group(groupId).parentId != null) {
            throw new IllegalArgumentException("custom roles belong to a top-level group");
        }
        MemberRole role = new MemberRole(state.nextMemberRoleId++, groupId, name, baseLevel);
        state.memberRoles.put(role.id(), role);
        return role.id();
    }

    /**
     * The sandbox's demo tree, with {@code owner} as the top group's owner and SAML configured on it; the project is
     * seeded by the caller ({@link FakeProjects}), which passes its id.
     */
    DemoTree seedDemoTree(String top, long owner, LongUnaryOperator project) {
        long root = seedGroup(top, top, null);
        long engineering = seedGroup("engineering", "engineering", root);
        long backend = seedGroup("backend", "backend", engineering);
        long design = seedGroup("design", "design", root);
        enableSaml(root);
        members.seedMember(Source.group(root), owner, 50);
        return new DemoTree(root, engineering, backend, design, project.applyAsLong(engineering));
    }

    // ------------------------------------------------------------------ routes

    /** {@code GET /groups}. */
    Resp listGroups(Req r) {
        return rest.page(r, state.groups.values().stream().map(views::group).toList());
    }

    /** {@code POST /groups}: on GitLab.com only subgroups may be created through the API. */
    Resp createGroup(Req r, User me) {
        ObjectNode q = r.params();
        String name = str(q, "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
        String path = str(q, "path").orElseThrow(() -> FakeError.error(400, "path is missing"));
        Long parent = FakeRest.intParam(q, "parent_id").map(Integer::longValue).orElse(null);
        if (parent == null && state.gitlabCom) {
            throw FakeError.message(403, "403 Forbidden");
        }
        if (parent != null && !state.groups.containsKey(parent)) {
            throw FakeError.message(404, "404 Group Not Found");
        }
        boolean taken = state.groups.values().stream().anyMatch(g -> Objects.equals(g.parentId, parent)
                && g.path.equalsIgnoreCase(path));
        if (taken) {
            throw FakeError.field("path", "has already been taken");
        }
        Group g = new Group(state.nextGroupId++, name, path, parent, state.now());
        state.groups.put(g.id, g);
        audit.record(me, g.id, "Group", "group_created", "Added group " + state.fullPath(g), g.id);
        return Resp.of(201, views.group(g));
    }

    /**
     * {@code GET /groups/:id/member_roles} (GitLab.com) and {@code GET /member_roles} (self-managed), from
     * {@code ee/lib/api/member_roles.rb}: each is a 400 on the other kind of GitLab; the caller needs
     * {@code admin_member_role} (an Owner of the group, an administrator of the instance) and the custom-roles
     * licence, else 403. A group lists the roles of its top-level group.
     *
     * @param g the group, or null for the instance's roles
     */
    Resp memberRoles(User me, @Nullable Group g) {
        if (g != null && !state.gitlabCom) {
            throw FakeError.message(400, "400 Bad request - Group-level custom roles are deprecated on self-managed "
                    + "instances. See " + state.externalUrl + "/help/update/deprecations.md"
                    + "#deprecate-custom-role-creation-for-group-owners-on-self-managed");
        }
        if (g == null && state.gitlabCom) {
            throw FakeError.message(400, "400 Bad request");
        }
        boolean allowed = g == null ? state.isAdmin(me) : members.canAdmin(me, g);
        if (!allowed || !state.options.customRoles()) {
            throw FakeError.message(403, "403 Forbidden");
        }
        Long root = g == null ? null : state.rootOf(Source.group(g.id)).id;
        var roles = JSON.arrayNode();
        state.memberRoles.values().stream().filter(role -> Objects.equals(role.namespaceId(), root))
                .forEach(role -> roles.add(views.memberRole(role)));
        return Resp.of(200, roles);
    }

    /** {@code /groups/:id/...}; {@code p} is what follows the id. */
    Resp groupRoutes(Req r, Caller caller, String idOrPath, List<String> p) {
        User me = caller.require();
        if (!p.isEmpty() && p.get(0).equals("saml_group_links") && p.size() <= 2) {
            return samlLinks.routes(r, me, state.findGroup(idOrPath), p);
        }
        Group g = state.group404(idOrPath);
        String m = r.method();
        if (p.isEmpty()) {
            return m.equals("GET") ? Resp.of(200, views.group(g)) : notAllowed();
        }
        switch (p.get(0)) {
            case "members" -> {
                return members.routes(r, me, Source.group(g.id), p);
            }
            case "billable_members" -> {
                if (p.size() == 2 && m.equals("DELETE")) {
                    return members.deleteBillable(me, g, FakeRest.parseId(p.get(1), "user_id"));
                }
            }
            case "subgroups" -> {
                if (p.size() == 1 && m.equals("GET")) {
                    return rest.page(r, state.groups.values().stream().filter(c -> Objects.equals(c.parentId, g.id))
                            .map(views::group).toList());
                }
            }
            case "descendant_groups" -> {
                if (p.size() == 1 && m.equals("GET")) {
                    return rest.page(r, state.groups.values().stream()
                            .filter(c -> c.id != g.id && state.isAncestor(g.id, c)).map(views::group).toList());
                }
            }
            case "projects" -> {
                if (p.size() == 1 && m.equals("GET")) {
                    boolean deep = bool(r.params(), "include_subgroups");
                    return rest.page(r, state.projects.values().stream().filter(x -> deep
                            ? state.isAncestor(g.id, state.groups.get(x.groupId)) : x.groupId == g.id)
                            .map(views::project).toList());
                }
            }
            case "service_accounts" -> {
                return serviceAccounts.groupServiceAccounts(r, me, g, p);
            }
            case "access_tokens" -> {
                return tokens.groupAccessTokens(r, me, g, p);
            }
            case "audit_events" -> {
                if (p.size() == 1 && m.equals("GET")) {
                    return audit.groupEvents(r, g);
                }
            }
            case "member_roles" -> {
                if (p.size() == 1 && m.equals("GET")) {
                    return memberRoles(me, g);
                }
            }
            default -> {
                // falls through to 404
            }
        }
        throw FakeError.error(404, "404 Not Found");
    }
}
