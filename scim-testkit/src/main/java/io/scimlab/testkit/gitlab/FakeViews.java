package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeState.GROUP_SAML;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.Identity;
import io.scimlab.testkit.gitlab.FakeState.MemberRole;
import io.scimlab.testkit.gitlab.FakeState.Membership;
import io.scimlab.testkit.gitlab.FakeState.Project;
import io.scimlab.testkit.gitlab.FakeState.Source;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** GitLab's API entities as JSON: the user views, members, groups and projects. */
final class FakeViews {
    /** The user entities of {@code lib/api/entities}, each a superset of the one before. */
    enum UserView {
        /** {@code UserBasic}: lists for non-admins. */
        BASIC,
        /** {@code User}: {@code GET /users/:id} for non-admins. */
        USER,
        /** {@code UserPublic}: {@code GET /user} for non-admins. */
        PUBLIC,
        /** {@code UserWithAdmin}: administrators. */
        ADMIN
    }

    private final FakeState state;

    FakeViews(FakeState state) {
        this.state = state;
    }

    ObjectNode user(User u, UserView view) {
        ObjectNode n = JSON.objectNode();
        n.put("id", u.id).put("username", u.username).put("name", u.name).put("state", u.state)
                .put("locked", false).put("avatar_url", state.externalUrl + "/uploads/-/system/user/avatar/" + u.id
                        + "/avatar.png").put("web_url", state.externalUrl + "/" + u.username);
        if (view == UserView.BASIC) {
            return n;
        }
        n.put("created_at", u.createdAt.toString()).put("bio", "").put("location", "").put("public_email", "")
                .put("linkedin", "").put("twitter", "").put("discord", "").put("website_url", "")
                .put("organization", "").put("job_title", "").putNull("pronouns").put("bot", u.bot)
                .putNull("work_information").put("followers", 0).put("following", 0).put("is_followed", false)
                .putNull("local_time");
        if (view == UserView.USER) {
            return n;
        }
        time(n, "last_sign_in_at", u.lastSignInAt);
        n.put("confirmed_at", u.createdAt.toString());
        if (u.lastActivityOn == null) {
            n.putNull("last_activity_on");
        } else {
            n.put("last_activity_on", u.lastActivityOn.toString());
        }
        n.put("email", u.email).put("theme_id", 1).put("color_scheme_id", 1).put("projects_limit", 100_000);
        time(n, "current_sign_in_at", u.currentSignInAt);
        ArrayNode identities = n.putArray("identities");
        for (Identity i : u.identities) {
            ObjectNode id = identities.addObject().put("provider", i.provider).put("extern_uid", i.externUid);
            if (i.samlProviderId == null) {
                id.putNull("saml_provider_id");
            } else {
                id.put("saml_provider_id", i.samlProviderId);
            }
        }
        n.put("can_create_group", true).put("can_create_project", true).put("two_factor_enabled", false)
                .put("external", u.external).put("private_profile", false).put("commit_email", u.email);
        if (view == UserView.PUBLIC) {
            return n;
        }
        n.put("is_admin", u.admin);
        if (u.note == null) {
            n.putNull("note");
        } else {
            n.put("note", u.note);
        }
        n.put("namespace_id", u.id).putNull("created_by");
        return n;
    }

    private static void time(ObjectNode n, String field, @Nullable Instant at) {
        if (at == null) {
            n.putNull(field);
        } else {
            n.put(field, at.toString());
        }
    }

    ObjectNode member(Source s, User u, Membership ms) {
        ObjectNode n = JSON.objectNode();
        n.put("id", u.id).put("username", u.username).put("name", u.name).put("state", u.state)
                .put("locked", false).put("avatar_url", state.externalUrl + "/uploads/-/system/user/avatar/" + u.id
                        + "/avatar.png").put("web_url", state.externalUrl + "/" + u.username)
                .put("created_at", ms.createdAt.toString());
        if (ms.expiresAt == null) {
            n.putNull("expires_at");
        } else {
            n.put("expires_at", ms.expiresAt);
        }
        n.put("access_level", ms.level);
        Group root = state.rootOf(s);
        Optional<Identity> saml = u.identities.stream().filter(i -> i.provider.equals(GROUP_SAML)
                && (i.samlProviderId == null || i.samlProviderId.equals(root.samlProviderId))).findFirst();
        if (saml.isPresent()) {
            ObjectNode id = n.putObject("group_saml_identity").put("extern_uid", saml.get().externUid)
                    .put("provider", GROUP_SAML);
            Long provider = saml.get().samlProviderId != null ? saml.get().samlProviderId : root.samlProviderId;
            if (provider == null) {
                id.putNull("saml_provider_id");
            } else {
                id.put("saml_provider_id", provider);
            }
        } else {
            n.putNull("group_saml_identity");
        }
        n.put("membership_state", "active");
        MemberRole role = ms.memberRoleId == null ? null : state.memberRoles.get(ms.memberRoleId);
        if (role == null) {
            n.putNull("member_role");
        } else {
            n.set("member_role", memberRole(role));
        }
        return n;
    }

    ObjectNode memberRole(MemberRole role) {
        ObjectNode n = JSON.objectNode().put("id", role.id());
        if (role.namespaceId() == null) {
            n.putNull("group_id");
        } else {
            n.put("group_id", role.namespaceId());
        }
        return n.put("name", role.name()).putNull("description").put("base_access_level", role.baseLevel());
    }

    ObjectNode group(Group g) {
        ObjectNode n = JSON.objectNode();
        n.put("id", g.id).put("web_url", state.externalUrl + "/groups/" + state.fullPath(g)).put("name", g.name)
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

    ObjectNode project(Project p) {
        Group g = state.group(p.groupId);
        ObjectNode n = JSON.objectNode();
        n.put("id", p.id).putNull("description").put("name", p.name)
                .put("name_with_namespace", state.fullName(g) + " / " + p.name).put("path", p.path)
                .put("path_with_namespace", state.fullPath(p)).put("created_at", p.createdAt.toString())
                .putNull("default_branch").put("visibility", "private")
                .put("web_url", state.externalUrl + "/" + state.fullPath(p));
        ObjectNode ns = n.putObject("namespace").put("id", g.id).put("name", g.name).put("path", g.path)
                .put("kind", "group").put("full_path", state.fullPath(g))
                .put("web_url", state.externalUrl + "/groups/" + state.fullPath(g));
        if (g.parentId == null) {
            ns.putNull("parent_id");
        } else {
            ns.put("parent_id", g.parentId);
        }
        return n;
    }
}
