package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.str;
import static io.scimlab.testkit.gitlab.FakeState.GROUP_SAML;
import static io.scimlab.testkit.gitlab.FakeState.lower;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeScimParser.Filter;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.Identity;
import io.scimlab.testkit.gitlab.FakeState.Membership;
import io.scimlab.testkit.gitlab.FakeState.ScimIdentity;
import io.scimlab.testkit.gitlab.FakeState.Source;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * GitLab's SCIM API: {@code /api/scim/v2/groups/:group/Users} on GitLab.com ({@code ee/lib/api/scim/group_scim.rb})
 * and {@code /api/scim/v2/application/Users} on a self-managed instance ({@code instance_scim.rb}), with the
 * decisions of {@code ee/lib/api/helpers/scim_helpers.rb} and the provisioning services.
 */
final class FakeScim {
    private static final String INSTANCE = "instance";

    private final FakeState state;
    private final FakeMembers members;
    private final FakeUserStates userStates;

    FakeScim(FakeState state, FakeMembers members, FakeUserStates userStates) {
        this.state = state;
        this.members = members;
        this.userStates = userStates;
    }

    String seedScimToken(@Nullable Long groupId) {
        String value = state.secret("scim-");
        state.scimTokens.put(value, groupId == null ? INSTANCE : "group:" + groupId);
        return value;
    }

    Optional<Boolean> identityActive(@Nullable Long groupId, String externId) {
        LinkedHashMap<String, ScimIdentity> ids = state.scimIdentities.get(groupId == null ? INSTANCE
                : "group:" + groupId);
        return Optional.ofNullable(ids == null ? null : ids.get(lower(externId))).map(i -> i.active);
    }

    Resp scim(Req r, List<String> p) {
        Group group = null;
        String scope;
        List<String> rest;
        if (p.size() >= 3 && p.get(0).equals("groups") && p.get(2).equals("Users") && state.gitlabCom) {
            // The group is resolved, and its SAML checked, before the token.
            String path = p.get(1);
            group = state.findGroup(path).orElseThrow(() -> FakeError.scim(404, "Group " + path + " not found"));
            if (group.samlProviderId == null) {
                throw FakeError.scim(404, "Group " + path + " does not have SAML SSO configured");
            }
            scope = "group:" + group.id;
            rest = p.subList(3, p.size());
            r = r.with("group", path);
        } else if (p.size() >= 2 && p.get(0).equals("application") && p.get(1).equals("Users") && !state.gitlabCom) {
            scope = INSTANCE;
            rest = p.subList(2, p.size());
        } else {
            throw FakeError.error(404, "404 Not Found");
        }
        // Doorkeeper's token methods: the Authorization Bearer header or access_token/bearer_token; no PRIVATE-TOKEN.
        if (r.bearer() == null || !scope.equals(state.scimTokens.get(r.bearer()))) {
            throw FakeError.message(401, "401 Unauthorized");
        }
        LinkedHashMap<String, ScimIdentity> ids = state.scimIdentities.computeIfAbsent(scope,
                k -> new LinkedHashMap<>());
        String m = r.method();
        if (rest.isEmpty()) {
            return switch (m) {
                case "GET" -> list(r, ids);
                case "POST" -> create(r, group, ids);
                default -> throw FakeError.error(405, "405 Method Not Allowed");
            };
        }
        ScimIdentity id = ids.get(lower(rest.get(0)));
        if (id == null || !state.users.containsKey(id.userId)) {
            throw FakeError.scim(404, "Resource " + rest.get(0) + " not found");
        }
        Req withId = r.with("id", rest.get(0));
        return switch (m) {
            case "GET" -> Resp.of(200, user(id));
            case "PATCH" -> patch(withId, id, group, ids);
            case "DELETE" -> {
                deprovisionOrFail(id, group);
                yield Resp.of(204, null);
            }
            default -> throw FakeError.error(405, "405 Method Not Allowed");
        };
    }

    /** {@code count} 0 or less means 20, at most 100; {@code startIndex} below 1 or not a number means 1. */
    private Resp list(Req r, Map<String, ScimIdentity> ids) {
        List<ScimIdentity> all = new ArrayList<>(ids.values());
        Optional<String> text = str(r.params(), "filter");
        if (text.isPresent()) {
            Filter f = FakeScimParser.filter(text.get());
            all = f.field().equals("extern_uid")
                    ? all.stream().filter(i -> i.externId.equalsIgnoreCase(f.value())).toList()
                    : userNameLookup(ids, f.value());
        }
        int start = Math.max(1, rubyInt(str(r.params(), "startIndex").orElse("1")));
        int count = rubyInt(str(r.params(), "count").orElse("0"));
        int perPage = count <= 0 ? 20 : Math.min(count, 100);
        ObjectNode list = JSON.objectNode();
        list.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        list.put("totalResults", all.size()).put("itemsPerPage", perPage).put("startIndex", start);
        ArrayNode resources = list.putArray("Resources");
        all.stream().skip(start - 1L).limit(perPage).forEach(i -> resources.add(user(i)));
        return Resp.of(200, list);
    }

    /** Ruby's {@code String#to_i}: the leading digits, 0 without any. */
    private static int rubyInt(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([-+]?\\d+)").matcher(s);
        try {
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * {@code GroupScimFinder} for {@code userName eq X}: an identity whose extern uid is X; else the identity of the
     * user named X (any user, case-insensitively); only when nobody is named X and X is an email, the identity of
     * the user with that email, or else of the user named like its local part.
     */
    private List<ScimIdentity> userNameLookup(Map<String, ScimIdentity> ids, String value) {
        ScimIdentity byExtern = ids.get(lower(value));
        if (byExtern != null) {
            return List.of(byExtern);
        }
        Optional<User> named = state.findByUsername(value);
        if (named.isEmpty() && value.matches("[^@\\s]+@[^@\\s]+")) {
            named = state.findByEmail(value).or(() -> state.findByUsername(value.split("@", -1)[0]));
        }
        long uid = named.map(u -> u.id).orElse(-1L);
        return ids.values().stream().filter(i -> i.userId == uid).toList();
    }

    private Resp create(Req r, @Nullable Group group, Map<String, ScimIdentity> ids) {
        Map<String, String> post = FakeScimParser.post(r.params());
        String prefix = "Error saving user with " + FakeScimParser.inspect(r.params().deepCopy().setAll(
                pathParams(r)));
        Optional<String> missing = FakeScimParser.missing(post);
        if (missing.isPresent()) {
            throw FakeError.scim(412, prefix + ": " + missing.get());
        }
        String externId = required(post, "extern_uid");
        ScimIdentity existing = ids.get(lower(externId));
        if (existing != null && state.users.containsKey(existing.userId)) {
            // The group service re-adds a membership that is gone; the identity's active flag stays as it is.
            if (group != null) {
                addDefaultMembership(group, existing.userId);
            }
            return Resp.of(201, user(existing));
        }
        User u = state.findByEmail(required(post, "email")).orElse(null);
        if (u != null) {
            long uid = u.id;
            if (ids.values().stream().anyMatch(i -> i.userId == uid)) {
                throw FakeError.scim(409, prefix + ": User has already been taken");
            }
        } else {
            u = newUser(post, group);
        }
        ScimIdentity id = new ScimIdentity(externId, u.id, group == null ? null : group.id);
        ids.put(lower(externId), id);
        if (group != null) {
            addDefaultMembership(group, u.id);
        }
        return Resp.of(201, user(id));
    }

    /** A parameter {@link FakeScimParser#missing} has checked. */
    private static String required(Map<String, String> post, String key) {
        return Objects.requireNonNull(post.get(key), key);
    }

    private static ObjectNode pathParams(Req r) {
        ObjectNode n = JSON.objectNode();
        r.pathParams().forEach(n::put);
        return n;
    }

    /**
     * A new user: the username sanitized from {@code userName} ({@code ExternalUsernameSanitizer}) and made unique;
     * on GitLab.com with a {@code group_saml} identity of the group's SAML provider (the instance service creates
     * only the SCIM identity).
     */
    private User newUser(Map<String, String> post, @Nullable Group group) {
        String base = required(post, "username").split("@", -1)[0].replaceAll("[^a-zA-Z0-9_.-]", "");
        String username = base;
        for (int n = 1; state.findByUsername(username).isPresent(); n++) {
            username = base + n;
        }
        String name = post.getOrDefault("name", username);
        User u = new User(state.nextUserId++, username, name, required(post, "email"), state.now());
        if (group != null) {
            u.identities.add(new Identity(GROUP_SAML, required(post, "extern_uid"), group.samlProviderId));
        }
        state.users.put(u.id, u);
        return u;
    }

    private void addDefaultMembership(Group group, long userId) {
        state.direct(group).putIfAbsent(userId, new Membership(state.options.defaultScimLevel(), state.now()));
    }

    /**
     * {@code update_scim_user}: {@code active=false} deprovisions; otherwise an inactive identity is reprovisioned,
     * whatever the PATCH says (its extern uid is not renamed); otherwise a new extern uid renames the identity;
     * everything else is accepted and ignored.
     */
    private Resp patch(Req r, ScimIdentity id, @Nullable Group group, Map<String, ScimIdentity> ids) {
        Map<String, Object> parsed = FakeScimParser.patch(r.params());
        boolean ok = true;
        if (Boolean.FALSE.equals(parsed.get("active"))) {
            ok = deprovision(id, group).isEmpty();
        } else if (!id.active) {
            reprovision(id, group);
        } else if (parsed.get("extern_uid") instanceof String newId) {
            ScimIdentity other = ids.get(lower(newId));
            if (other != null && other != id) {
                ok = false;
            } else {
                ids.remove(lower(id.externId));
                state.user(id.userId).identities.stream().filter(i -> i.provider.equals(GROUP_SAML)
                        && i.externUid.equalsIgnoreCase(id.externId)).forEach(i -> i.externUid = newId);
                id.externId = newId;
                ids.put(lower(newId), id);
            }
        }
        if (!ok) {
            throw FakeError.scim(412, "Error updating " + state.user(id.userId).name + " with "
                    + FakeScimParser.inspect(r.params().deepCopy().setAll(pathParams(r))));
        }
        return Resp.of(204, null);
    }

    private void deprovisionOrFail(ScimIdentity id, @Nullable Group group) {
        Optional<String> error = deprovision(id, group);
        if (error.isPresent()) {
            throw FakeError.scim(412, error.get());
        }
    }

    /**
     * Group ({@code Gitlab::Scim::Group::DeprovisioningService}): refused for the group's last owner; else the
     * identity goes inactive and, only if the user is a member of the top-level group itself, that membership is
     * destroyed with its cascade (subgroups, projects). The account, its tokens and its SAML identity stay.
     * Instance ({@code Gitlab::Scim::DeprovisioningService}): the identity goes inactive and the user is
     * {@code ldap_blocked}.
     *
     * @return the error, empty when done
     */
    private Optional<String> deprovision(ScimIdentity id, @Nullable Group group) {
        User u = state.user(id.userId);
        if (group == null) {
            id.active = false;
            userStates.systemBlock(u);
            return Optional.empty();
        }
        if (state.lastOwner(group, u.id)) {
            return Optional.of("Could not remove " + u.name + " from " + group.name
                    + ". Cannot remove last group owner.");
        }
        id.active = false;
        if (state.direct(group).containsKey(u.id)) {
            members.destroy(Source.group(group.id), u.id, false, false);
        }
        return Optional.empty();
    }

    /**
     * Group: the identity is active again and the user, if no longer a member of the group, is added at the SAML
     * provider's default role. Instance: the identity is active again and the user activated from any blocked state.
     */
    private void reprovision(ScimIdentity id, @Nullable Group group) {
        id.active = true;
        if (group == null) {
            userStates.activate(state.user(id.userId));
        } else {
            addDefaultMembership(group, id.userId);
        }
    }

    /** {@code API::Entities::Scim::User}: no {@code externalId} (the extern uid is the {@code id}). */
    private ObjectNode user(ScimIdentity id) {
        User u = state.user(id.userId);
        ObjectNode n = JSON.objectNode();
        n.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        n.put("id", id.externId).put("active", id.active);
        String[] parts = u.name.split(" ", 2);
        n.putObject("name").put("formatted", u.name).put("givenName", parts[0])
                .put("familyName", parts.length > 1 ? parts[1] : "");
        n.putArray("emails").addObject().put("type", "work").put("value", u.email).put("primary", true);
        n.put("userName", u.username);
        n.putObject("meta").put("resourceType", "User");
        return n;
    }
}
