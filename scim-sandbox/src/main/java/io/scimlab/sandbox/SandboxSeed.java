package io.scimlab.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code POST /_admin/seed} of the {@link SandboxAdmin}: groups first (each below its existing parent), then users,
 * then memberships, in the order given. The body:
 *
 * <pre>{@code
 * {"groups":  [{"path": "demo/qa"}],
 *  "users":   [{"username": "ann", "email": "ann@example.com", "name": "Ann", "state": "blocked",
 *               "admin": false, "identities": [{"provider": "saml", "externUid": "ann-1"}]}],
 *  "members": [{"group": "demo/qa", "username": "ann", "accessLevel": 30}]}
 * }</pre>
 *
 * <p>The answer maps group paths and usernames to their GitLab ids. Input errors name the item and field (400); what
 * was seeded before an error stays.
 */
final class SandboxSeed {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("groups", "users", "members");

    private final FakeGitLab fake;
    private final GitLabClient gitlab;
    private final Consumer<GitLabUser> makeAdmin;

    SandboxSeed(FakeGitLab fake, GitLabClient gitlab, Consumer<GitLabUser> makeAdmin) {
        this.fake = fake;
        this.gitlab = gitlab;
        this.makeAdmin = makeAdmin;
    }

    JsonNode seed(JsonNode in) {
        for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP.contains(field) || !in.get(field).isArray()) {
                throw SandboxAdmin.bad("the seed has the arrays groups, users and members; not " + field);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        ObjectNode groups = out.putObject("groups");
        int i = 0;
        for (JsonNode g : in.path("groups")) {
            String where = "groups[" + i++ + "]";
            String path = required(g, "path", where);
            int slash = path.lastIndexOf('/');
            long id = slash < 0 ? fake.seedGroup(path)
                    : fake.seedSubgroup(SandboxAdmin.groupId(gitlab, path.substring(0, slash)),
                            path.substring(slash + 1));
            groups.put(path, id);
        }
        ObjectNode users = out.putObject("users");
        i = 0;
        for (JsonNode u : in.path("users")) {
            String where = "users[" + i++ + "]";
            String username = required(u, "username", where);
            String email = required(u, "email", where);
            long id = fake.seedUser(username, email, SandboxAdmin.text(u, "name", username));
            for (JsonNode identity : u.path("identities")) {
                fake.seedIdentity(id, required(identity, "provider", where + ".identities"),
                        required(identity, "externUid", where + ".identities"));
            }
            if (u.has("state")) {
                fake.seedUserState(id, required(u, "state", where));
            }
            if (u.path("admin").asBoolean(false)) {
                makeAdmin.accept(gitlab.users().get(id));
            }
            users.put(username, id);
        }
        int members = 0;
        i = 0;
        for (JsonNode m : in.path("members")) {
            String where = "members[" + i++ + "]";
            long group = SandboxAdmin.groupId(gitlab, required(m, "group", where));
            String username = required(m, "username", where);
            long user = gitlab.users().findByUsername(username).orElseThrow(() -> SandboxAdmin.bad(where
                    + ": no user " + username)).id();
            fake.seedMember(group, user, SandboxAdmin.integer(m, "accessLevel", 30, 5, 50));
            members++;
        }
        out.put("members", members);
        return out;
    }

    private static String required(JsonNode in, String field, String where) {
        String v = SandboxAdmin.text(in, field, "");
        if (v.isBlank()) {
            throw SandboxAdmin.bad(where + "." + field + " is required");
        }
        return v;
    }
}
