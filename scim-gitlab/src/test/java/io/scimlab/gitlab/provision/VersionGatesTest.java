package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The bridge asks GitLab's version once ({@code GET /version}) and gates on it what GitLab added over time. */
class VersionGatesTest {
    private static final RoleMapping PLANNERS = RoleMapping.builder()
            .group("Planners", "acme/team", AccessLevel.PLANNER).build();

    @Test
    void thePlannerRoleIsRefusedClearlyBeforeGitLab177() {
        try (FakeGitLab fake = FakeGitLab.builder().version("17.6.2-ee").start()) {
            long team = fake.seedSubgroup(fake.seedGroup("acme"), "team");
            Scim s = Scim.of(fake, b -> b.roleMapping(PLANNERS));
            String id = s.createUser("pat", "pat@example.com", "ext-pat").id();
            fake.clearJournal();
            assertThatThrownBy(() -> s.createGroup("Planners", id)).isInstanceOfSatisfying(ScimException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.detail()).contains("Planner", "acme/team", "17.6.2-ee", "17.7");
            });
            // Refused before any membership call; the version was read once.
            assertThat(fake.journal("POST", ".*/members")).isEmpty();
            assertThat(fake.journal("GET", "/api/v4/version")).hasSize(1);
            assertThat(fake.memberLevel(team, Long.parseLong(id))).isEmpty();
        }
        try (FakeGitLab fake = FakeGitLab.builder().version("17.7.0-ee").start()) {
            long team = fake.seedSubgroup(fake.seedGroup("acme"), "team");
            Scim s = Scim.of(fake, b -> b.roleMapping(PLANNERS));
            String id = s.createUser("pat", "pat@example.com", "ext-pat").id();
            s.createGroup("Planners", id);
            assertThat(fake.memberLevel(team, Long.parseLong(id))).contains(15);
        }
    }

    @Test
    void aGitLabWithoutTheServiceAccountTokenListStillHasEveryStoredTokenRevoked() {
        // Group service accounts list their tokens only from GitLab 17.11: before, the stored ids are all the
        // bridge knows, and deprovisioning must not forget one without revoking it.
        try (FakeGitLab fake = FakeGitLab.builder().mode(FakeGitLab.Mode.GITLAB_COM).version("17.10.1-ee").start()) {
            List<IssuedToken> issued = new CopyOnWriteArrayList<>();
            Scim s = Scim.of(fake, b -> b.issuedTokenSink(issued::add));
            // Marked as a service account the way Okta can say it (ServiceAccounts.isServiceAccount).
            String id = s.createUser("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"deploy-bot\",\"externalId\":\"x-bot\",\"userType\":\"serviceaccount\","
                    + "\"emails\":[{\"value\":\"bot@agents.example.com\",\"primary\":true}],\"active\":true}").id();
            ManagedToken one = s.bridge.serviceAccountTokens().issue(id, "deploy", List.of("read_api"));
            ManagedToken two = s.bridge.serviceAccountTokens().issue(id, "read", List.of("read_repository"));
            assertThat(issued).hasSize(2).allSatisfy(t -> assertThat(fake.tokenActive(t.value())).isTrue());
            s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
            assertThat(issued).allSatisfy(t -> assertThat(fake.tokenActive(t.value())).isFalse());
            assertThat(s.bridge.serviceAccountTokens().tokens(id)).isEmpty();
            // No list asked of a GitLab that has none; each stored token revoked by id.
            assertThat(fake.journal("GET", ".*/service_accounts/\\d+/personal_access_tokens")).isEmpty();
            assertThat(fake.journal("DELETE", ".*/personal_access_tokens/(" + one.tokenId() + "|" + two.tokenId()
                    + ")")).hasSize(2);
        }
    }
}
