package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.provision.DeprovisionPolicy;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users on GitLab.com, relayed to the group SCIM API. */
class GitLabComUserProviderTest {
    private FakeGitLab fake;

    @BeforeEach
    void start() {
        fake = FakeGitLab.gitlabCom();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private GitLabUser gitlab(String id) {
        GitLabClient c = Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
        return c.users().get(Long.parseLong(id));
    }

    @Test
    void createGoesThroughGroupScimAndTheScimIdIsTheGitLabId() {
        Scim s = Scim.of(fake, UnaryOperator.identity());
        fake.clearJournal();
        ScimResource u = s.createUser("alice@example.com", "alice@example.com", "ext-alice");
        assertThat(s.writes()).containsExactly("POST /api/scim/v2/groups/acme/Users");
        // The bridge's own account (once per bridge), the SCIM POST, and one read of the top-level group's members by
        // the username GitLab answered: GitLab's SCIM answer has no GitLab id, and the member's SAML identity shows
        // that GitLab created the account rather than linking one by email.
        assertThat(fake.journal()).extracting(e -> e.method() + " " + e.path() + "?" + e.query()).containsExactly(
                "GET /api/v4/user?", "POST /api/scim/v2/groups/acme/Users?",
                "GET /api/v4/groups/acme/members?query=alice&per_page=100");
        assertThat(gitlab(u.id()).username()).isEqualTo("alice");
        assertThat(fake.memberLevel(s.topGroupId, Long.parseLong(u.id()))).contains(10);
        assertThat(s.audit).hasSize(1);
        fake.clearJournal();
        s.createUser("bob@example.com", "bob@example.com", "ext-bob");
        assertThat(fake.journal()).extracting(e -> e.method() + " " + e.path()).containsExactly(
                "POST /api/scim/v2/groups/acme/Users", "GET /api/v4/groups/acme/members");
    }

    @Test
    void externalIdIsRequired() {
        Scim s = Scim.of(fake, UnaryOperator.identity());
        assertThatThrownBy(() -> s.createUser("{\"userName\":\"bob\",\"emails\":[{\"value\":\"bob@example.com\"}]}"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void deactivateIsScimDeprovisionAndReactivateRestores() {
        Scim s = Scim.of(fake, UnaryOperator.identity());
        String id = s.createUser("carol", "carol@example.com", "ext-carol").id();
        fake.clearJournal();
        s.patchUser(id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");
        // GitLab's SCIM deprovisioning, then whatever it left below the top-level group.
        assertThat(s.writes()).containsExactly("PATCH /api/scim/v2/groups/acme/Users/ext-carol",
                "DELETE /api/v4/groups/acme/billable_members/" + id);
        assertThat(fake.memberLevel(s.topGroupId, Long.parseLong(id))).isEmpty();
        assertThat(fake.userState(Long.parseLong(id))).contains("active"); // GitLab.com cannot block
        assertThat(s.users().get(id, s.ctx).orElseThrow().get("active").asBoolean()).isFalse();
        fake.clearJournal();
        s.patchUser(id, "[{\"op\":\"replace\",\"value\":{\"active\":true}}]");
        assertThat(fake.memberLevel(s.topGroupId, Long.parseLong(id))).contains(10);
        assertThat(fake.journal()).hasSize(2); // GET the SCIM user, PATCH active
    }

    @Test
    void attributeChangesGitLabIgnoresMakeNoCall() {
        Scim s = Scim.of(fake, UnaryOperator.identity());
        String id = s.createUser("dave", "dave@example.com", "ext-dave").id();
        fake.clearJournal();
        ScimResource r = s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Dave D\"}]");
        assertThat(fake.journal()).isEmpty();
        assertThat(r.get("displayName").asText()).isEqualTo("Dave D");
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"ext-dave-2\"}]");
        assertThat(s.writes()).containsExactly("PATCH /api/scim/v2/groups/acme/Users/ext-dave");
        assertThat(s.users().get(id, s.ctx).orElseThrow().externalId()).isEqualTo("ext-dave-2");
    }

    @Test
    void updateOmittingExternalIdKeepsItSoDeprovisionAndDeleteWork() {
        Scim s = Scim.of(fake, UnaryOperator.identity());
        String id = s.createUser("gina", "gina@example.com", "ext-gina").id();
        // A PUT-style update without externalId (here: the PATCH that removes it).
        ScimResource r = s.patchUser(id, "[{\"op\":\"remove\",\"path\":\"externalId\"},"
                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Gina G\"}]");
        assertThat(r.externalId()).isEqualTo("ext-gina");
        assertThat(s.users().get(id, s.ctx).orElseThrow().externalId()).isEqualTo("ext-gina");
        fake.clearJournal();
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        assertThat(s.writes()).containsExactly("PATCH /api/scim/v2/groups/acme/Users/ext-gina",
                "DELETE /api/v4/groups/acme/billable_members/" + id);
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");
        s.users().delete(id, s.ctx);
        assertThat(s.users().get(id, s.ctx)).isEmpty();
        assertThat(fake.memberLevel(s.topGroupId, Long.parseLong(id))).isEmpty();
    }

    @Test
    void reprovisioningAfterDeleteRelinksTheSameAccount() {
        Scim s = Scim.of(fake, UnaryOperator.identity());
        String id = s.createUser("erin", "erin@example.com", "ext-erin").id();
        int users = fake.userCount();
        s.users().delete(id, s.ctx);
        assertThat(s.users().get(id, s.ctx)).isEmpty();
        assertThat(fake.memberLevel(s.topGroupId, Long.parseLong(id))).isEmpty();
        ScimResource again = s.createUser("erin", "erin@example.com", "ext-erin");
        assertThat(again.id()).isEqualTo(id);
        assertThat(fake.userCount()).isEqualTo(users);
        assertThat(fake.memberLevel(s.topGroupId, Long.parseLong(id))).contains(10);
    }

    @Test
    void removeMembershipsPolicyKeepsTheTopLevelMembership() {
        Scim s = Scim.of(fake, b -> b.deprovisionPolicy(DeprovisionPolicy.REMOVE_MEMBERSHIPS));
        String id = s.createUser("finn", "finn@example.com", "ext-finn").id();
        fake.clearJournal();
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        assertThat(fake.journal()).isEmpty(); // no managed memberships to remove
        assertThat(fake.memberLevel(s.topGroupId, Long.parseLong(id))).contains(10);
    }
}
