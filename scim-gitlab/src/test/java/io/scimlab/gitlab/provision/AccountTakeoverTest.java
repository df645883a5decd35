package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.NewServiceAccount;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, defect 1: a SCIM create whose email matched an existing GitLab account linked it, the bridge's own
 * administrator included, which the IdP could then rename, re-identify and block (after which every write failed).
 * Linking by email is now an opt-in ({@link ExistingUserPolicy#LINK}) that never reaches an administrator, the
 * bridge's own account, a bot or service account, or an account with another identity.
 */
class AccountTakeoverTest {
    private static final String ROOT_EMAIL = "admin@example.com";

    FakeGitLab fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    GitLabClient admin() {
        return Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
    }

    /** GitLab's users API sets the administrator flag ({@code PUT /users/:id} with {@code admin}). */
    void makeAdmin(long userId) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fake.baseUrl()
                    + "/api/v4/users/" + userId)).header("PRIVATE-TOKEN", fake.adminToken())
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"admin\":true}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(admin().users().get(userId).admin()).isTrue();
    }

    static String user(String userName, String email, String externalId) {
        return "{\"userName\":\"" + userName + "\"," + (externalId == null ? "" : "\"externalId\":\"" + externalId
                + "\",") + "\"name\":{\"givenName\":\"Taken\",\"familyName\":\"Over\"},\"emails\":[{\"value\":\""
                + email + "\",\"primary\":true}]}";
    }

    static Consumer<ScimException> refused(String reason) {
        return e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.scimType()).contains(ScimType.UNIQUENESS);
            assertThat(e.detail()).contains(reason);
        };
    }

    static void auditedAsRefused(Scim s, String reason) {
        assertThat(s.audit).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
            assertThat(e.correlationId()).isEqualTo("corr-1");
            assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains(reason));
        });
    }

    @Nested
    class SelfManaged {
        Scim start(UnaryOperator<GitLabBridge.Builder> config) {
            if (fake == null) {
                fake = FakeGitLab.selfManaged();
            }
            return Scim.of(fake, config);
        }

        @Test
        void byDefaultAnExistingAccountIsNeverLinkedByEmail() {
            Scim s = start(UnaryOperator.identity());
            long hank = fake.seedUser("hank", "hank@example.com", "Hank");
            fake.clearJournal();
            assertThatThrownBy(() -> s.createUser(user("hank@idp", "hank@example.com", "ext-hank")))
                    .isInstanceOfSatisfying(ScimException.class, refused("ExistingUserPolicy.CONFLICT"));
            assertThat(s.acceptedWrites()).isEmpty(); // write first: GitLab refused the create (409)
            assertThat(fake.externUid(hank, "saml")).isEmpty();
            assertThat(admin().users().get(hank).name()).isEqualTo("Hank");
            auditedAsRefused(s, "ExistingUserPolicy.CONFLICT");
            assertThat(s.audit).last().satisfies(e -> assertThat(e.method()).isEmpty());
        }

        @Test
        void theAdministratorOfTheBridgesOwnTokenIsNeverTakenOver() {
            for (ExistingUserPolicy policy : ExistingUserPolicy.values()) {
                Scim s = start(b -> b.existingUserPolicy(policy));
                fake.clearJournal();
                assertThatThrownBy(() -> s.createUser(user("root@idp", ROOT_EMAIL, "ext-root-" + policy)))
                        .isInstanceOfSatisfying(ScimException.class, refused(policy == ExistingUserPolicy.LINK
                                ? "bridge's own GitLab token" : "ExistingUserPolicy.CONFLICT"));
                assertThat(s.acceptedWrites()).isEmpty(); // write first: GitLab refused the create (409)
            }
            // Not even by identity: whatever the IdP says, the bridge never manages the account it acts as.
            fake.seedIdentity(fake.adminUserId(), "saml", "ext-root");
            Scim s = start(b -> b.existingUserPolicy(ExistingUserPolicy.LINK));
            assertThatThrownBy(() -> s.createUser(user("root@idp", "other@example.com", "ext-root")))
                    .isInstanceOfSatisfying(ScimException.class, refused("bridge's own GitLab token"));
            auditedAsRefused(s, "bridge's own GitLab token");
            assertThat(fake.userState(fake.adminUserId())).contains("active");
            // ... so the bridge keeps working.
            assertThat(s.createUser(user("new", "new@example.com", "ext-new")).id()).isNotBlank();
        }

        @Test
        void withLinkAnAdministratorIsStillNeverLinked() {
            Scim s = start(b -> b.existingUserPolicy(ExistingUserPolicy.LINK));
            long boss = fake.seedUser("boss", "boss@example.com");
            makeAdmin(boss);
            fake.clearJournal();
            assertThatThrownBy(() -> s.createUser(user("boss@idp", "boss@example.com", "ext-boss")))
                    .isInstanceOfSatisfying(ScimException.class, refused("administrator"));
            assertThat(s.acceptedWrites()).isEmpty(); // write first: GitLab refused the create (409)
            auditedAsRefused(s, "administrator");
        }

        @Test
        void withLinkBotsServiceAccountsAndNoreplyAddressesAreNeverLinked() {
            Scim s = start(b -> b.existingUserPolicy(ExistingUserPolicy.LINK));
            admin().serviceAccounts().create(new NewServiceAccount(Optional.of("CI"), Optional.of("ci-bot"),
                    Optional.of("ci-bot@example.com")));
            long noreply = fake.seedUser("quiet", "quiet@users.noreply.gitlab.example.com");
            fake.clearJournal();
            assertThatThrownBy(() -> s.createUser(user("ci@idp", "ci-bot@example.com", "ext-ci")))
                    .isInstanceOfSatisfying(ScimException.class, refused("bot or service account"));
            assertThatThrownBy(() -> s.createUser(user("quiet@idp", "quiet@users.noreply.gitlab.example.com",
                    "ext-quiet"))).isInstanceOfSatisfying(ScimException.class, refused("bot or service account"));
            assertThat(s.acceptedWrites()).isEmpty(); // write first: GitLab refused the create (409)
            assertThat(fake.externUid(noreply, "saml")).isEmpty();
        }

        @Test
        void withLinkAnAccountWithAnotherIdentityOrInAnAdministratorsStateIsNeverLinked() {
            Scim s = start(b -> b.existingUserPolicy(ExistingUserPolicy.LINK));
            long ida = fake.seedUser("ida", "ida@example.com");
            fake.seedIdentity(ida, "saml", "someone-else");
            long ben = fake.seedUser("ben", "ben@example.com");
            fake.seedUserState(ben, "banned");
            fake.clearJournal();
            assertThatThrownBy(() -> s.createUser(user("ida@idp", "ida@example.com", "ext-ida")))
                    .isInstanceOfSatisfying(ScimException.class, refused("already has a different saml identity"));
            assertThatThrownBy(() -> s.createUser(user("ida@idp", "ida@example.com", null)))
                    .isInstanceOfSatisfying(ScimException.class, refused("already has a different saml identity"));
            assertThatThrownBy(() -> s.createUser(user("ben@idp", "ben@example.com", "ext-ben")))
                    .isInstanceOfSatisfying(ScimException.class, refused("banned"));
            assertThat(s.acceptedWrites()).isEmpty(); // write first: GitLab refused the create (409)
            assertThat(fake.externUid(ida, "saml")).contains("someone-else");
            assertThat(fake.userState(ben)).contains("banned");
            // A plain account is linked, as opted in.
            long joe = fake.seedUser("joe", "joe@example.com");
            assertThat(s.createUser(user("joe@idp", "joe@example.com", "ext-joe")).id()).isEqualTo(Long.toString(joe));
            assertThat(fake.externUid(joe, "saml")).contains("ext-joe");
        }

        @Test
        void anIdentityMatchIsTheSamePersonNotALinkByEmail() {
            Scim s = start(UnaryOperator.identity());
            long kay = fake.seedUser("kay", "kay@old.example.com");
            fake.seedIdentity(kay, "saml", "ext-kay");
            makeAdmin(kay);
            ScimResource u = s.createUser(user("kay@idp", "kay@new.example.com", "ext-kay"));
            assertThat(u.id()).isEqualTo(Long.toString(kay));
            GitLabUser g = admin().users().get(kay);
            assertThat(g.name()).isEqualTo("Taken Over");
            assertThat(s.audit).noneMatch(e -> e.outcome() == AuditEvent.Outcome.REFUSED);
        }
    }

    @Nested
    class GitLabCom {
        Scim start(UnaryOperator<GitLabBridge.Builder> config) {
            fake = FakeGitLab.gitlabCom();
            return Scim.of(fake, config);
        }

        @Test
        void theGroupOwnersOwnAccountAndNoreplyAddressesAreRefusedBeforeRelaying() {
            for (ExistingUserPolicy policy : ExistingUserPolicy.values()) {
                Scim s = start(b -> b.existingUserPolicy(policy));
                fake.clearJournal();
                assertThatThrownBy(() -> s.createUser(user("root@idp", ROOT_EMAIL.toUpperCase(), "ext-root")))
                        .isInstanceOfSatisfying(ScimException.class, refused("bridge's own GitLab token"));
                assertThatThrownBy(() -> s.createUser(user("bot@idp", "group_9_bot_x@noreply.gitlab.example.com",
                        "ext-bot"))).isInstanceOfSatisfying(ScimException.class, refused("noreply"));
                assertThat(s.writes()).isEmpty();
                auditedAsRefused(s, "noreply");
                fake.close();
            }
            fake = null;
        }

        @Test
        void byDefaultAnAccountGitLabLinksByEmailIsRefusedAndNeverStored() {
            Scim s = start(UnaryOperator.identity());
            long hank = fake.seedUser("hank", "hank@example.com");
            fake.clearJournal();
            assertThatThrownBy(() -> s.createUser(user("hank@idp", "hank@example.com", "ext-hank")))
                    .isInstanceOfSatisfying(ScimException.class, refused("ExistingUserPolicy.CONFLICT"));
            // The bridge's own account (once), the relay, and the one member read that shows no SAML identity of
            // this group on the account GitLab answered with: it was linked by email, not created.
            assertThat(fake.journal()).extracting(e -> e.method() + " " + e.path() + "?" + e.query())
                    .containsExactly("GET /api/v4/user?", "POST /api/scim/v2/groups/acme/Users?",
                            "GET /api/v4/groups/acme/members?query=hank&per_page=100");
            auditedAsRefused(s, "remove its SCIM identity in GitLab");
            assertThat(s.users().get(Long.toString(hank), s.ctx)).isEmpty();
            assertThat(s.bridge.stateStore().userByExternalId("ext-hank")).isEmpty();
            // The IdP's retry is refused the same way.
            assertThatThrownBy(() -> s.createUser(user("hank@idp", "hank@example.com", "ext-hank")))
                    .isInstanceOfSatisfying(ScimException.class, refused("ExistingUserPolicy.CONFLICT"));
            // A new account, created by GitLab with this group's SAML identity, is fine.
            assertThat(s.createUser(user("new@idp", "new@example.com", "ext-new")).id()).isNotBlank();
        }

        @Test
        void withLinkAnExistingAccountIsLinkedButNeverAServiceAccountOrAnotherIdentity() {
            Scim s = start(b -> b.existingUserPolicy(ExistingUserPolicy.LINK));
            long hank = fake.seedUser("hank", "hank@example.com");
            assertThat(s.createUser(user("hank@idp", "hank@example.com", "ext-hank")).id())
                    .isEqualTo(Long.toString(hank));

            admin().serviceAccounts().create(GroupRef.path("acme"), new NewServiceAccount(Optional.of("CI"),
                    Optional.of("ci-bot"), Optional.of("ci-bot@example.com")));
            assertThatThrownBy(() -> s.createUser(user("ci@idp", "ci-bot@example.com", "ext-ci")))
                    .isInstanceOfSatisfying(ScimException.class, refused("service account"));

            long ida = fake.seedUser("ida", "ida@example.com");
            fake.seedIdentity(ida, "group_saml", "someone-else");
            assertThatThrownBy(() -> s.createUser(user("ida@idp", "ida@example.com", "ext-ida")))
                    .isInstanceOfSatisfying(ScimException.class, refused("different SAML identity"));
            assertThat(s.bridge.stateStore().userByExternalId("ext-ida")).isEmpty();
            assertThat(s.bridge.stateStore().userByExternalId("ext-ci")).isEmpty();
        }
    }
}
