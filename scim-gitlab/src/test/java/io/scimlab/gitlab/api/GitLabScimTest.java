package io.scimlab.gitlab.api;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.junit.FakeGitLabExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabScim;
import io.scimlab.gitlab.api.ScimScope;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitLabScimTest {
    @RegisterExtension
    static final FakeGitLabExtension GITLAB_COM = FakeGitLabExtension.gitlabCom();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode user(String externalId, String userName, String email) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"%s","userName":"%s",
                 "active":true,"name":{"givenName":"Sam","familyName":"Smith"},
                 "emails":[{"type":"work","value":"%s","primary":true}]}""".formatted(externalId, userName, email));
    }

    private static ObjectNode patch(String json) throws Exception {
        return (ObjectNode) JSON.readTree("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":" + json + "}");
    }

    @Test
    void groupLevelScimOnGitLabCom(FakeGitLab fake) throws Exception {
        long top = fake.seedGroup("okta-corp");
        long sub = fake.seedSubgroup(top, "team");
        String token = fake.seedGroupScimToken(top);
        GitLabClient client = Clients.scim(fake, new FakeTime(), token);
        GitLabScim scim = client.scim(ScimScope.group("okta-corp"));

        ObjectNode created = scim.createUser(user("ext-1", "sam@corp.example", "sam@corp.example"));
        assertThat(created.path("id").asText()).isEqualTo("ext-1");
        assertThat(created.path("userName").asText()).isEqualTo("sam");
        assertThat(fake.journal("POST", "/api/scim/v2/groups/okta-corp/Users").get(0).status()).isEqualTo(201);
        // Idempotent on externalId.
        assertThat(scim.createUser(user("ext-1", "other", "other@corp.example")).path("userName").asText())
                .isEqualTo("sam");

        assertThat(scim.listUsers(Optional.of("userName eq \"sam@corp.example\""), 1, 10).path("totalResults")
                .asInt()).isEqualTo(1);
        assertThat(scim.listUsers(Optional.of("externalId eq \"ext-1\""), 1, 10).path("Resources").get(0)
                .path("emails").get(0).path("value").asText()).isEqualTo("sam@corp.example");
        assertThatThrownBy(() -> scim.listUsers(Optional.of("displayName co \"x\""), 1, 10))
                .isInstanceOfSatisfying(GitLabException.class, e -> {
                    assertThat(e.status()).isEqualTo(412);
                    assertThat(e.gitlabMessage()).isEqualTo("Unsupported Filter");
                });

        // Attribute updates are ignored; only active and externalId take effect.
        scim.patchUser("ext-1", patch("[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"renamed\"}]"));
        assertThat(scim.getUser("ext-1").orElseThrow().path("userName").asText()).isEqualTo("sam");

        long samId = findUserId(fake, "sam");
        fake.seedMember(sub, samId, 30);
        assertThat(fake.memberLevel(top, samId)).contains(10);
        // Entra style: path "active", value "False".
        scim.patchUser("ext-1", patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
        assertThat(fake.memberLevel(top, samId)).isEmpty();
        assertThat(fake.memberLevel(sub, samId)).isEmpty();
        assertThat(fake.userState(samId)).contains("active");
        assertThat(scim.getUser("ext-1").orElseThrow().path("active").asBoolean()).isFalse();
        // Okta style: no path, value object.
        scim.patchUser("ext-1", patch("[{\"op\":\"replace\",\"value\":{\"active\":true}}]"));
        assertThat(fake.memberLevel(top, samId)).contains(10);

        scim.deleteUser("ext-1");
        assertThat(fake.memberLevel(top, samId)).isEmpty();
        assertThat(scim.getUser("missing")).isEmpty();
        assertThatThrownBy(() -> scim.createUser((ObjectNode) JSON.readTree("{\"userName\":\"x\"}")))
                .isInstanceOfSatisfying(GitLabException.class, e -> {
                    assertThat(e.status()).isEqualTo(412);
                    // GitLab's text: "Error saving user with {...}: Missing params: [:extern_uid, :email]".
                    assertThat(e.gitlabMessage()).startsWith("Error saving user with ")
                            .endsWith("Missing params: [:extern_uid, :email]");
                });
    }

    private static long findUserId(FakeGitLab fake, String username) {
        try (GitLabClient admin = Clients.admin(fake, new FakeTime())) {
            return admin.users().findByUsername(username).orElseThrow().id();
        }
    }

    @Test
    void instanceLevelScimBlocksAndUnblocks() throws Exception {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            GitLabClient client = Clients.scim(fake, new FakeTime(), fake.seedInstanceScimToken());
            GitLabScim scim = client.scim(ScimScope.instance());
            scim.createUser(user("x-9", "kim", "kim@corp.example"));
            long kim = findUserId(fake, "kim");
            scim.deleteUser("x-9");
            // Instance SCIM deprovisioning is a system block: ldap_blocked, which the REST API cannot undo.
            assertThat(fake.userState(kim)).contains("ldap_blocked");
            scim.patchUser("x-9", patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]"));
            assertThat(fake.userState(kim)).contains("active");
            assertThat(fake.journal("DELETE", "/api/scim/v2/application/Users/x-9")).hasSize(1);
        }
    }

    @Test
    void dotSegmentsNeverBecomeAnotherUrl(FakeGitLab fake) {
        // OkHttp resolves "." and ".." in a path segment: a SCIM id spelled so would address the Users collection or
        // the group itself with the group's SCIM token.
        long top = fake.seedGroup("dots");
        GitLabScim scim = Clients.scim(fake, new FakeTime(), fake.seedGroupScimToken(top))
                .scim(ScimScope.group("dots"));
        fake.clearJournal();
        for (String id : new String[] {".", "..", ""}) {
            assertThatThrownBy(() -> scim.getUser(id)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> scim.deleteUser(id)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> scim.patchUser(id, patch("[]"))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(fake.journal()).isEmpty();
        // A dot inside an id is an ordinary character.
        assertThat(scim.getUser("a.b")).isEmpty();
    }
}
