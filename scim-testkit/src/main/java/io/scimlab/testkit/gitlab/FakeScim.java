package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.str;
import static io.scimlab.testkit.gitlab.FakeState.GROUP_SAML;
import static io.scimlab.testkit.gitlab.FakeState.now;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.Membership;
import io.scimlab.testkit.gitlab.FakeState.ScimIdentity;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** GitLab's SCIM API: {@code /api/scim/v2/groups/:path/Users} on GitLab.com, {@code /application/Users} otherwise. */
final class FakeScim {
    private static final Pattern FILTER = Pattern.compile("(?i)^\\s*(\\w+)\\s+eq\\s+\"?([^\"]*?)\"?\\s*$");
    private static final String INSTANCE = "instance";

    private final FakeState state;

    FakeScim(FakeState state) {
        this.state = state;
    }

    String seedScimToken(@Nullable Long groupId) {
        String value = state.secret("scim-");
        state.scimTokens.put(value, groupId == null ? INSTANCE : "group:" + groupId);
        return value;
    }

    Resp scim(Req r, List<String> p) {
        String scope;
        Group group = null;
        List<String> rest;
        if (p.size() >= 3 && p.get(0).equals("groups") && p.get(2).equals("Users") && state.gitlabCom) {
            group = state.groups.values().stream().filter(g -> g.parentId == null && g.path.equalsIgnoreCase(p.get(1)))
                    .findFirst().orElse(null);
            scope = group == null ? "?" : "group:" + group.id;
            rest = p.subList(3, p.size());
        } else if (p.size() >= 2 && p.get(0).equals("application") && p.get(1).equals("Users") && !state.gitlabCom) {
            scope = INSTANCE;
            rest = p.subList(2, p.size());
        } else {
            throw FakeError.error(404, "404 Not Found");
        }
        if (r.token() == null || !scope.equals(state.scimTokens.get(r.token()))) {
            throw FakeError.message(401, "401 Unauthorized");
        }
        LinkedHashMap<String, ScimIdentity> ids = state.scimIdentities.computeIfAbsent(scope,
                k -> new LinkedHashMap<>());
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
        if (id == null || !state.users.containsKey(id.userId)) {
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
                i -> state.users.get(i.userId).username.equalsIgnoreCase(value),
                i -> state.users.get(i.userId).email.equalsIgnoreCase(value),
                i -> state.users.get(i.userId).username.equalsIgnoreCase(value.split("@")[0]));
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
        if (existing != null && state.users.containsKey(existing.userId)) {
            // Idempotent on externalId: the existing identity comes back with 201.
            return Resp.of(201, scimUser(existing));
        }
        String provider = group == null ? "saml" : GROUP_SAML;
        User u = state.findByEmail(email).orElse(null);
        if (u == null) {
            String base = userName.split("@")[0].replaceAll("[^a-zA-Z0-9_.-]", "");
            String username = base;
            for (int n = 1; state.findByUsername(username).isPresent(); n++) {
                username = base + n;
            }
            String name = q.path("name").path("formatted").asText(
                    (q.path("name").path("givenName").asText("") + " " + q.path("name").path("familyName")
                            .asText("")).trim());
            u = new User(state.nextUserId++, username, name.isEmpty() ? username : name, email, now());
            state.users.put(u.id, u);
        }
        User linked = u;
        linked.identities.removeIf(i -> i[0].equals(provider));
        linked.identities.add(new String[] {provider, externalId});
        ScimIdentity id = new ScimIdentity(externalId, linked.id);
        ids.put(externalId, id);
        if (group != null && !state.direct(group).containsKey(linked.id)) {
            state.direct(group).put(linked.id, new Membership(state.defaultScimLevel, now()));
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
                    User u = state.users.get(id.userId);
                    u.identities.stream().filter(i -> i[1].equals(id.externId)).forEach(i -> i[1] = newId);
                    id.externId = newId;
                    ids.put(newId, id);
                }
            }
        }
    }

    private void setScimActive(ScimIdentity id, boolean active, @Nullable Group group) {
        User u = state.users.get(id.userId);
        if (group == null) {
            // Instance level: deprovisioning blocks the user; reprovisioning unblocks.
            if (!active) {
                u.state = "blocked";
            } else if (u.state.equals("blocked")) {
                u.state = "active";
            }
        } else if (!active && id.active) {
            Group top = state.topLevel(group);
            boolean lastOwner = state.direct(top).containsKey(u.id) && state.direct(top).get(u.id).level == 50
                    && state.direct(top).values().stream().filter(x -> x.level == 50).count() == 1;
            if (lastOwner) {
                throw FakeError.scim(412, "Could not remove the last owner of the group");
            }
            // Group level: deprovisioning removes the membership of the whole hierarchy, the account stays.
            state.groups.values().stream().filter(g -> state.isAncestor(top.id, g))
                    .forEach(g -> state.direct(g).remove(u.id));
        } else if (active && !id.active) {
            state.direct(state.topLevel(group)).putIfAbsent(u.id, new Membership(state.defaultScimLevel, now()));
        }
        id.active = active;
    }

    private ObjectNode scimUser(ScimIdentity id) {
        User u = state.users.get(id.userId);
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
}
