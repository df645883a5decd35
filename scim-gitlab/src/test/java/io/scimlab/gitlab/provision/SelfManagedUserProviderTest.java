package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.filter.Filter;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.server.QueryResult;
import io.scimlab.core.server.ResourceQuery;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.provision.DeletePolicy;
import io.scimlab.gitlab.provision.DeprovisionPolicy;
import io.scimlab.gitlab.provision.ExistingUserPolicy;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SelfManagedUserProviderTest {
    private FakeGitLab fake;

    @BeforeEach
    void start() {
        fake = FakeGitLab.selfManaged();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Scim scim() {
        return Scim.of(fake, UnaryOperator.identity());
    }

    private GitLabUser gitlab(Scim s, String id) {
        return Scim.client(fake, fake.adminToken(), io.scimlab.gitlab.api.TokenHeader.PRIVATE_TOKEN,
                Scim.fastRetry()).users().get(Long.parseLong(id));
    }

    @Test
    void createMakesOneWriteAndUsesTheGitLabIdAsScimId() {
        Scim s = scim();
        fake.clearJournal();
        ScimResource u = s.createUser("alice@example.com", "alice@example.com", "ext-alice");
        assertThat(s.writes()).containsExactly("POST /api/v4/users");
        // Write first: the create is the only request (GitLab refuses a taken email, username or identity itself).
        assertThat(calls()).containsExactly("POST /api/v4/users 201");
        GitLabUser g = gitlab(s, u.id());
        assertThat(g.username()).isEqualTo("alice");
        assertThat(g.email()).contains("alice@example.com");
        assertThat(g.state()).isEqualTo(io.scimlab.gitlab.api.UserState.ACTIVE);
        assertThat(g.identity("saml").orElseThrow().externUid()).isEqualTo("ext-alice");
        assertThat(u.get("userName").asText()).isEqualTo("alice@example.com");
        assertThat(u.meta().version()).contains("W/\"1\"");
        assertThat(s.audit).singleElement().satisfies(e -> {
            assertThat(e.method()).isEqualTo("POST");
            assertThat(e.correlationId()).isEqualTo("corr-1");
            assertThat(e.principal()).isEqualTo("okta");
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        });
    }

    @Test
    void deactivateBlocksWithOneCallAndStaysReadable() {
        Scim s = scim();
        String id = s.createUser("bob", "bob@example.com", "ext-bob").id();
        fake.clearJournal();
        ScimResource after = s.patchUser(id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");
        assertThat(s.writes()).containsExactly("POST /api/v4/users/" + id + "/block");
        assertThat(fake.journal()).hasSize(1);
        assertThat(fake.userState(Long.parseLong(id))).contains("blocked");
        assertThat(after.get("active").asBoolean()).isFalse();
        assertThat(s.users().get(id, s.ctx)).isPresent();
        QueryResult q = s.users().query(query("userName eq \"BOB\""), s.ctx);
        assertThat(q.filtered()).isTrue();
        assertThat(q.resources().map(ScimResource::id).toList()).containsExactly(id);

        fake.clearJournal();
        s.patchUser(id, "[{\"op\":\"replace\",\"value\":{\"active\":true}}]");
        assertThat(fake.userState(Long.parseLong(id))).contains("active");
        assertThat(s.writes()).containsExactly("POST /api/v4/users/" + id + "/unblock");
        assertThat(fake.journal()).hasSize(2); // GET the user's state, then unblock
    }

    @Test
    void deactivatePolicyDeactivates() {
        Scim s = Scim.of(fake, b -> b.deprovisionPolicy(DeprovisionPolicy.DEACTIVATE));
        String id = s.createUser("carol", "carol@example.com", "ext-carol").id();
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        assertThat(fake.userState(Long.parseLong(id))).contains("deactivated");
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");
        assertThat(fake.userState(Long.parseLong(id))).contains("active");
    }

    @Test
    void deactivateRefusedBlocksInsteadAndNeverUnblocks() {
        Scim s = Scim.of(fake, b -> b.deprovisionPolicy(DeprovisionPolicy.DEACTIVATE));
        String id = s.createUser("erin", "erin@example.com", "ext-erin").id();
        long gid = Long.parseLong(id);
        // GitLab refuses to deactivate a user who was active recently (not dormant).
        fake.inject(io.scimlab.testkit.gitlab.Fault.status(403,
                "{\"message\":\"403 Forbidden - The user you are trying to deactivate has been active in the past "
                        + "90 days and cannot be deactivated\"}").on("POST", ".*/users/" + id + "/deactivate"));
        ScimResource after = s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        assertThat(after.get("active").asBoolean()).isFalse();
        assertThat(fake.userState(gid)).contains("blocked");
        assertThat(s.audit).anySatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE));

        // A blocked user is already deprovisioned: nothing unblocks it on the way to deactivated.
        fake.clearFaults();
        fake.clearJournal();
        assertThat(s.bridge.reconciler().plan().changes()).isEmpty();
        s.bridge.reconciler().reconcile(s.ctx);
        assertThat(s.writes()).noneMatch(w -> w.endsWith("/unblock"));
        assertThat(fake.userState(gid)).contains("blocked");

        // Blocked by hand, then deprovisioned through SCIM: stays blocked, never unblocked.
        String id2 = s.createUser("fred", "fred@example.com", "ext-fred").id();
        fake.seedUserState(Long.parseLong(id2), "blocked");
        fake.clearJournal();
        s.patchUser(id2, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        assertThat(s.writes()).isEmpty();
        assertThat(fake.userState(Long.parseLong(id2))).contains("blocked");

        // Reactivation still works from blocked.
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");
        assertThat(fake.userState(gid)).contains("active");
    }

    @Test
    void renameIsOnePut() {
        Scim s = scim();
        String id = s.createUser("dave", "dave@example.com", "ext-dave").id();
        fake.clearJournal();
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"david\"}]");
        assertThat(s.writes()).containsExactly("PUT /api/v4/users/" + id);
        assertThat(fake.journal()).hasSize(1);
        assertThat(gitlab(s, id).username()).isEqualTo("david");
    }

    @Test
    void emailAndNameChangeInOnePutAndTheEmailIsConfirmedAtOnce() {
        Scim s = scim();
        String id = s.createUser("erin", "erin@example.com", "ext-erin").id();
        fake.clearJournal();
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":"
                + "\"erin@new.example.com\"},{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Erin E\"}]");
        assertThat(s.writes()).containsExactly("PUT /api/v4/users/" + id);
        GitLabUser g = gitlab(s, id);
        assertThat(g.email()).contains("erin@new.example.com");
        assertThat(g.name()).isEqualTo("Erin E");
    }

    @Test
    void noOpUpdateMakesNoCall() {
        Scim s = scim();
        String id = s.createUser("frank", "frank@example.com", "ext-frank").id();
        fake.clearJournal();
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"frank\"}]");
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");
        assertThat(fake.journal()).isEmpty();
        assertThat(s.audit.stream().filter(e -> e.operation().startsWith("PATCH"))).isEmpty();
    }

    @Test
    void usernamesAreSanitisedAndClashesGetASuffix() {
        Scim s = scim();
        fake.seedUser("John.Doe_x", "other@example.com");
        ScimResource u = s.createUser("Jöhn.Doe+x@example.com", "john@example.com", "ext-john");
        assertThat(gitlab(s, u.id()).username()).isEqualTo("John.Doe_x1");
        UsernamePolicy p = UsernamePolicy.defaults();
        assertThat(p.sanitize("-.weird name.git")).isEqualTo("weird_name");
        assertThat(p.sanitize("x.atom.git")).isEqualTo("x");
        assertThat(p.sanitize("@@@")).isEqualTo("user");
        assertThat(p.sanitize("a".repeat(300))).hasSize(255);
        assertThat(p.candidate("a".repeat(255), 12)).hasSize(255).endsWith("12");
    }

    private List<String> calls() {
        // The client's keyset paging parameters are left out: the lookups are what matters here.
        return fake.journal().stream().map(e -> e.method() + " " + e.path() + (e.query().isEmpty() ? ""
                : "?" + e.query().replace("pagination=keyset&order_by=id&sort=asc&per_page=100&", ""))
                + (e.method().equals("GET") ? "" : " " + e.status())).toList();
    }

    @Test
    void anExistingEmailIsLookedUpOnlyAfterGitLabRefusesTheCreate() {
        Scim s = scim();
        long hank = fake.seedUser("hank", "hank@example.com");
        fake.clearJournal();
        assertThatThrownBy(() -> s.createUser("hank@corp", "hank@example.com", "ext-hank"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(409));
        // The refused create (409 "Email has already been taken"), then the identity, then the email: the account is
        // someone else's and linking by email is off (ExistingUserPolicy.CONFLICT).
        assertThat(calls()).containsExactly("POST /api/v4/users 409",
                "GET /api/v4/users?extern_uid=ext-hank&provider=saml", "GET /api/v4/users?search=hank%40example.com");
        assertThat(fake.externUid(hank, "saml")).isEmpty();
        assertThat(s.acceptedWrites()).isEmpty();
    }

    @Test
    void aKnownIdentityIsReprovisionedAfterGitLabRefusesTheCreate() {
        Scim s = scim();
        long kay = fake.seedUser("kay", "kay@old.example.com");
        fake.seedIdentity(kay, "saml", "ext-kay");
        fake.clearJournal();
        // Neither the email nor the username is taken: GitLab refuses the identity (400 identities.extern_uid).
        ScimResource u = s.createUser("kay.new", "kay@new.example.com", "ext-kay");
        assertThat(u.id()).isEqualTo(Long.toString(kay));
        assertThat(calls()).containsExactly("POST /api/v4/users 400",
                "GET /api/v4/users?extern_uid=ext-kay&provider=saml", "GET /api/v4/user", // the bridge's own, once
                "PUT /api/v4/users/" + kay + " 200");
    }

    @Test
    void aTakenUsernameCostsOneIdentityLookupAndTheSuffixedCreates() {
        Scim s = scim();
        fake.seedUser("gina", "someone@example.com");
        fake.seedUser("gina1", "other1@example.com");
        fake.seedUser("gina2", "other2@example.com");
        fake.clearJournal();
        ScimResource u = s.createUser("gina", "gina@example.com", "ext-gina");
        // The identity is looked up once, on the first clash (the same person is re-provisioned under any username
        // policy); each further suffix is one more create.
        assertThat(calls()).containsExactly("POST /api/v4/users 409",
                "GET /api/v4/users?extern_uid=ext-gina&provider=saml", "POST /api/v4/users 409",
                "POST /api/v4/users 409", "POST /api/v4/users 201");
        assertThat(gitlab(s, u.id()).username()).isEqualTo("gina3");
    }

    @Test
    void clashPolicyConflictAnswers409() {
        Scim s = Scim.of(fake, b -> b.usernamePolicy(UsernamePolicy.builder()
                .onClash(UsernamePolicy.OnClash.CONFLICT).build()));
        fake.seedUser("gina", "someone@example.com");
        assertThatThrownBy(() -> s.createUser("gina", "gina@example.com", "ext-gina"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void existingAccountWithTheEmailIsLinkedOrRefused() {
        long existing = fake.seedUser("hank", "hank@example.com");
        // Linking by email is an opt-in (issue #15); the default is CONFLICT, as the second half shows.
        Scim s = Scim.of(fake, b -> b.existingUserPolicy(ExistingUserPolicy.LINK));
        ScimResource u = s.createUser("hank@corp", "hank@example.com", "ext-hank");
        assertThat(u.id()).isEqualTo(Long.toString(existing));
        assertThat(gitlab(s, u.id()).identity("saml").orElseThrow().externUid()).isEqualTo("ext-hank");

        fake.seedUser("ivy", "ivy@example.com");
        Scim strict = Scim.of(fake, b -> b.existingUserPolicy(ExistingUserPolicy.CONFLICT));
        assertThatThrownBy(() -> strict.createUser("ivy", "ivy@example.com", "ext-ivy"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> scim().createUser("ivy", "ivy@example.com", "ext-ivy"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void duplicateCreateIs409AndReprovisioningAfterDeleteRelinks() {
        Scim s = scim();
        String id = s.createUser("jane", "jane@example.com", "ext-jane").id();
        assertThatThrownBy(() -> s.createUser("jane", "jane@example.com", "ext-jane"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(409));
        int users = fake.userCount();
        s.users().delete(id, s.ctx);
        assertThat(fake.userState(Long.parseLong(id))).contains("blocked");
        assertThat(s.users().get(id, s.ctx)).isEmpty();
        ScimResource again = s.createUser("jane", "jane@example.com", "ext-jane");
        assertThat(again.id()).isEqualTo(id);
        assertThat(fake.userState(Long.parseLong(id))).contains("active");
        assertThat(fake.userCount()).isEqualTo(users);
    }

    @Test
    void reprovisioningADeactivatedUserReactivates() {
        Scim s = scim();
        String id = s.createUser("kim", "kim@example.com", "ext-kim").id();
        s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        ScimResource again = s.createUser("kim", "kim@example.com", "ext-kim");
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.get("active").asBoolean()).isTrue();
        assertThat(fake.userState(Long.parseLong(id))).contains("active");
    }

    @Test
    void hardDeleteIsOptIn() {
        Scim s = Scim.of(fake, b -> b.deletePolicy(DeletePolicy.HARD_DELETE));
        String id = s.createUser("lee", "lee@example.com", "ext-lee").id();
        fake.clearJournal();
        s.users().delete(id, s.ctx);
        assertThat(s.writes()).containsExactly("DELETE /api/v4/users/" + id);
        assertThat(fake.userState(Long.parseLong(id))).isEmpty();
        assertThatThrownBy(() -> s.users().delete(id, s.ctx))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void filtersArePushedDown() {
        Scim s = scim();
        String id = s.createUser("mia@example.com", "mia@example.com", "ext-mia").id();
        s.createUser("ned", "ned@example.com", "ext-ned");
        assertFound(s, "externalId eq \"ext-mia\"", true, id);
        assertFound(s, "emails.value eq \"MIA@example.com\"", true, id);
        assertFound(s, "emails[type eq \"work\"].value eq \"mia@example.com\"", false, id);
        assertFound(s, "id eq \"" + id + "\"", true, id);
        assertFound(s, "userName eq \"nobody\"", true);
        fake.clearJournal();
        QueryResult scan = s.users().query(query("title pr"), s.ctx);
        assertThat(scan.filtered()).isFalse();
        assertThat(fake.journal()).isEmpty(); // lazy: nothing fetched before the stream is consumed
        assertThat(scan.resources().map(r -> r.get("userName").asText()).toList())
                .containsExactly("mia@example.com", "ned"); // root is not provisioned through SCIM
    }

    private static void assertFound(Scim s, String filter, boolean exact, String... ids) {
        QueryResult q = s.users().query(query(filter), s.ctx);
        assertThat(q.filtered()).as(filter).isEqualTo(exact);
        assertThat(q.resources().map(ScimResource::id).toList()).as(filter).containsExactly(ids);
    }

    static ResourceQuery query(String filter) {
        return ResourceQuery.builder().filter(Filter.parse(filter)).count(100).build();
    }

    @Test
    void gitlabErrorsBecomeScimErrorsWithoutSecrets() {
        Scim s = scim();
        // A revoked token, as GitLab says it (lib/api/api_guard.rb).
        fake.inject(io.scimlab.testkit.gitlab.Fault.status(401, "{\"error\":\"invalid_token\",\"error_description\""
                + ":\"Token was revoked. You have to re-authorize from the user.\"}").on("POST", "/api/v4/users"));
        assertThatThrownBy(() -> s.createUser("oscar", "oscar@example.com", "ext-oscar"))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.detail()).doesNotContain(fake.adminToken());
                });
        assertThat(s.audit).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.FAILURE);
        List<String> lines = s.audit.stream().map(e -> e.toJson().toString()).toList();
        assertThat(lines).noneMatch(l -> l.contains(fake.adminToken()));
    }
}
