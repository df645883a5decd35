package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;
import static io.scimlab.testkit.gitlab.FakeRest.str;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.Source;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * SAML group links ({@code ee/lib/api/saml_group_links.rb}): every route answers 401, not 403 or 404, when the
 * caller may not administer the group's links or the group does not exist.
 */
final class FakeSamlLinks {
    private final FakeState state;
    private final FakeMembers members;

    FakeSamlLinks(FakeState state, FakeMembers members) {
        this.state = state;
        this.members = members;
    }

    void seed(long groupId, String name, int level) {
        state.group(groupId);
        links(groupId).add(link(name, level, null, null));
    }

    private List<ObjectNode> links(long groupId) {
        return state.samlLinks.computeIfAbsent(groupId, k -> new ArrayList<>());
    }

    /** {@code /groups/:id/saml_group_links[/:name]}; {@code g} is empty for an unknown group. */
    Resp routes(Req r, User me, Optional<Group> g, List<String> p) {
        // find_group, then unauthorized! unless can?(current_user, :admin_saml_group_links, group).
        if (g.isEmpty() || !members.canAdmin(me, g.get())) {
            throw FakeError.message(401, "401 Unauthorized");
        }
        List<ObjectNode> links = links(g.get().id);
        String m = r.method();
        if (p.size() == 1) {
            if (m.equals("GET")) {
                ArrayNode all = JSON.arrayNode();
                links.forEach(all::add);
                return Resp.of(200, all);
            }
            if (m.equals("POST")) {
                return create(r, g.get(), links);
            }
            return notAllowed();
        }
        ObjectNode link = find(r, links, p.get(1));
        if (m.equals("DELETE")) {
            links.remove(link);
            return Resp.of(204, null);
        }
        return m.equals("GET") ? Resp.of(200, link) : notAllowed();
    }

    private Resp create(Req r, Group g, List<ObjectNode> links) {
        ObjectNode q = r.params();
        List<String> missing = new ArrayList<>();
        if (str(q, "saml_group_name").isEmpty()) {
            missing.add("saml_group_name is missing");
        }
        if (str(q, "access_level").isEmpty()) {
            missing.add("access_level is missing");
        }
        if (!missing.isEmpty()) {
            throw FakeError.error(400, String.join(", ", missing));
        }
        int level = FakeRest.intParam(q, "access_level").orElseThrow();
        // Gitlab::Access.values_with_minimal_access.
        List<Integer> allowed = new ArrayList<>(members.validLevels(Source.group(g.id)));
        if (!allowed.contains(level)) {
            throw FakeError.error(400, "access_level does not have a valid value");
        }
        String name = str(q, "saml_group_name").orElseThrow();
        String provider = str(q, "provider").orElse(null);
        if (links.stream().anyMatch(l -> l.path("name").asText().equals(name)
                && Objects.equals(provider, l.path("provider").textValue()))) {
            throw FakeError.message(400, "Saml group name has already been taken");
        }
        // The route drops member_role_id unless the group has custom roles.
        Long role = state.options.customRoles() ? FakeRest.intParam(q, "member_role_id").map(Integer::longValue)
                .orElse(null) : null;
        ObjectNode link = link(name, level, role, provider);
        links.add(link);
        return Resp.of(201, link);
    }

    /** One link by name; with several of that name, {@code provider} must say which. */
    private static ObjectNode find(Req r, List<ObjectNode> links, String name) {
        List<ObjectNode> named = links.stream().filter(l -> l.path("name").asText().equals(name)).toList();
        if (r.params().has("provider")) {
            String provider = str(r.params(), "provider").orElse(null);
            named = named.stream().filter(l -> Objects.equals(provider, l.path("provider").textValue())).toList();
        } else if (named.size() > 1) {
            throw FakeError.message(422, "Multiple group links found with the same name. Please specify a provider "
                    + "parameter to disambiguate.");
        }
        if (named.isEmpty()) {
            throw FakeError.message(404, "404 Not found");
        }
        return named.get(0);
    }

    private static ObjectNode link(String name, int level, @Nullable Long memberRoleId, @Nullable String provider) {
        ObjectNode n = JSON.objectNode().put("name", name).put("access_level", level);
        if (memberRoleId == null) {
            n.putNull("member_role_id");
        } else {
            n.put("member_role_id", memberRoleId);
        }
        if (provider == null) {
            n.putNull("provider");
        } else {
            n.put("provider", provider);
        }
        return n;
    }
}
