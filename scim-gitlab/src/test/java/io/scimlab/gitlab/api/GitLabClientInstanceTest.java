package io.scimlab.gitlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the client learns about the GitLab it talks to, and how it reads GitLab where GitLab's answers depend on
 * how the instance is set up: its version, its external URL in pagination links, and 401s that are not about the
 * token.
 */
class GitLabClientInstanceTest {

    @Test
    void pagesAGitLabReachedAtAnotherAddressThanItsExternalUrl() {
        // GitLab writes its configured external URL into Link (lib/gitlab/pagination/keyset/header_builder.rb);
        // a bridge inside the network reaches it at an internal address.
        try (FakeGitLab fake = FakeGitLab.builder().externalUrl("https://gitlab.example.invalid").start();
                GitLabClient client = Clients.admin(fake, new FakeTime())) {
            fake.seedUsers("far", 249);
            try (Stream<GitLabUser> users = client.users().list()) {
                assertThat(users.count()).isEqualTo(250);
            }
            List<JournalEntry> pages = fake.journal("GET", "/api/v4/users");
            assertThat(pages).hasSize(3).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
            assertThat(pages.get(1).query()).contains("cursor=", "order_by=id", "pagination=keyset");
        }
    }

    @Test
    void readsVersionTokenAndCaller() {
        try (FakeGitLab fake = FakeGitLab.builder().version("17.6.3-ee").start();
                GitLabClient client = Clients.admin(fake, new FakeTime())) {
            GitLabVersion v = client.version();
            assertThat(v).isEqualTo(new GitLabVersion(17, 6, 3, true, "17.6.3-ee"));
            assertThat(v.hasPlannerRole()).isFalse();
            assertThat(v.listsServiceAccountTokens()).isFalse();
            GitLabUser me = client.users().current();
            assertThat(me.admin()).isTrue();
            assertThat(me.username()).isEqualTo("root");
            AccessToken self = client.accessTokens().self();
            assertThat(self.scopes()).contains("api");
            assertThat(self.active()).isTrue();
            assertThat(self.token()).isEmpty();
        }
    }

    @Test
    void versionStrings() {
        assertThat(GitLabVersion.parse("18.6.0-ee", false)).satisfies(v -> {
            assertThat(v.enterprise()).isTrue();
            assertThat(v.hasPlannerRole()).isTrue();
            assertThat(v.listsServiceAccountTokens()).isTrue();
            assertThat(v.sendsRetryAfterOnEndpointLimits()).isTrue();
        });
        assertThat(GitLabVersion.parse("17.10.2", false)).satisfies(v -> {
            assertThat(v.enterprise()).isFalse();
            assertThat(v.hasPlannerRole()).isTrue();
            assertThat(v.listsServiceAccountTokens()).isFalse();
        });
        assertThat(GitLabVersion.parse("17.11.0-pre", true).listsServiceAccountTokens()).isTrue();
        assertThat(GitLabVersion.parse("18.5.9-ee", false).sendsRetryAfterOnEndpointLimits()).isFalse();
        assertThat(GitLabVersion.parse("16.11.1", false)).isLessThan(GitLabVersion.parse("17.0.0", false));
        assertThatThrownBy(() -> GitLabVersion.parse("main", false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a401ForMissingRightsIsNotARefusedToken() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            long group = fake.seedGroup("linked");
            long dev = fake.seedUser("dev", "dev@example.com");
            String token = fake.seedToken(dev);
            try (GitLabClient client = Clients.builder(fake, new FakeTime()).token(token).build()) {
                // SAML group links answer 401 to a caller who may not administer them (ee/lib/api/saml_group_links.rb).
                assertThatThrownBy(() -> client.samlGroupLinks().list(GroupRef.id(group)))
                        .isInstanceOfSatisfying(GitLabException.class, e -> {
                            assertThat(e.kind()).isEqualTo(GitLabException.Kind.FORBIDDEN);
                            assertThat(e.status()).isEqualTo(401);
                        });
                // The client asked GET /user with the same token, which works: the token keeps being sent.
                assertThat(fake.journal("GET", "/api/v4/user")).hasSize(1);
                assertThat(client.users().current().username()).isEqualTo("dev");
            }
        }
    }

    @Test
    void aRefusedTokenIsConfirmedBeforeItIsPaused() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            long dev = fake.seedUser("gone", "gone@example.com");
            String token = fake.seedToken(dev);
            fake.revokeToken(token);
            try (GitLabClient revoked = Clients.builder(fake, new FakeTime()).token(token).build()) {
                // GitLab says "invalid_token" for a revoked one: no check needed.
                assertThatThrownBy(() -> revoked.users().get(1)).isInstanceOfSatisfying(GitLabException.class,
                        e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAUTHORIZED));
                assertThat(fake.journal("GET", "/api/v4/user")).isEmpty();
                // And it is not sent again for a while.
                fake.clearJournal();
                assertThatThrownBy(() -> revoked.users().get(1)).isInstanceOf(GitLabException.class);
                assertThat(fake.journal()).isEmpty();
            }
            try (GitLabClient unknown = Clients.builder(fake, new FakeTime()).token("glpat-unknown-to-gitlab")
                    .build()) {
                // A bare 401: GET /user decides, and refuses it too.
                assertThatThrownBy(() -> unknown.groups().subgroups(GroupRef.id(1)).count())
                        .isInstanceOfSatisfying(GitLabException.class,
                                e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAUTHORIZED));
                assertThat(fake.journal("GET", "/api/v4/user")).extracting(JournalEntry::status)
                        .containsExactly(401);
            }
        }
    }

    @Test
    void removesAUserFromAWholeHierarchyInOneRequest() {
        try (FakeGitLab fake = FakeGitLab.gitlabCom(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            long top = fake.seedGroup("corp");
            long sub = fake.seedSubgroup(top, "team");
            long deep = fake.seedSubgroup(sub, "squad");
            long project = fake.seedProject(deep, "app");
            long owner = fake.seedUser("boss", "boss@example.com");
            fake.seedMember(top, owner, 50);
            long leaver = fake.seedUser("leaver", "leaver@example.com");
            // Granted below the top only: GitLab's SCIM deprovisioning would leave all of this behind.
            fake.seedMember(sub, leaver, 30);
            fake.seedMember(deep, leaver, 40);
            fake.seedProjectMember(project, leaver, 30);
            GitLabClient asOwner = Clients.builder(fake, new FakeTime()).token(fake.seedToken(owner)).build();
            assertThat(asOwner.members().findInherited(GroupRef.id(deep), leaver)).map(Member::accessLevel)
                    .contains(AccessLevel.MAINTAINER);
            asOwner.members().removeFromHierarchy(GroupRef.path("corp"), leaver);
            assertThat(fake.memberLevel(sub, leaver)).isEmpty();
            assertThat(fake.memberLevel(deep, leaver)).isEmpty();
            assertThat(fake.projectMemberLevel(project, leaver)).isEmpty();
            assertThat(asOwner.members().findInherited(GroupRef.id(deep), leaver)).isEmpty();
            assertThatThrownBy(() -> asOwner.members().removeFromHierarchy(GroupRef.path("corp"), leaver))
                    .isInstanceOfSatisfying(GitLabException.class, e -> assertThat(e.gitlabMessage())
                            .isEqualTo("400 Bad request - No member found for the given user_id"));
            assertThatThrownBy(() -> asOwner.members().removeFromHierarchy(GroupRef.id(sub), leaver))
                    .isInstanceOfSatisfying(GitLabException.class, e -> assertThat(e.gitlabMessage())
                            .contains("must be top-level"));
            assertThat(client.toString()).doesNotContain(fake.adminToken());
        }
    }
}
