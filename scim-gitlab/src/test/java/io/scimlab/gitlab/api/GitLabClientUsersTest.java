package io.scimlab.gitlab.api;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.Identity;
import io.scimlab.gitlab.api.NewUser;
import io.scimlab.gitlab.api.UserQuery;
import io.scimlab.gitlab.api.UserUpdate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GitLabClientUsersTest {

    @Test
    void streamsTwentyFiveHundredUsersInExactlyTwentyFivePages() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            fake.seedUsers("user", 2_499); // plus root: 2,500
            FakeTime time = new FakeTime();
            try (GitLabClient client = Clients.admin(fake, time); Stream<GitLabUser> users = client.users().list()) {
                List<Long> ids = users.map(GitLabUser::id).toList();
                assertThat(ids).hasSize(2_500).doesNotHaveDuplicates().isSorted();
            }
            List<JournalEntry> pages = fake.journal("GET", "/api/v4/users");
            assertThat(pages).hasSize(25).allMatch(e -> e.status() == 200);
            assertThat(pages.get(0).query()).contains("pagination=keyset", "order_by=id", "sort=asc",
                    "per_page=100");
            assertThat(pages.get(1).query()).contains("cursor=");
        }
    }

    @Test
    void streamIsLazy() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            fake.seedUsers("lazy", 450);
            try (GitLabClient client = Clients.admin(fake, new FakeTime());
                    Stream<GitLabUser> users = client.users().list()) {
                assertThat(users.limit(150).count()).isEqualTo(150);
            }
            assertThat(fake.journal("GET", "/api/v4/users")).hasSize(2);
        }
    }

    @Test
    void createsFindsUpdatesAndDeletesUsers() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            GitLabUser created = client.users().create(NewUser.of("jdoe", "JDoe@Example.com", "Jane Doe")
                    .withIdentity("saml", "ext-1").withNote("provisioned"));
            assertThat(created.username()).isEqualTo("jdoe");
            assertThat(created.email()).contains("JDoe@Example.com");
            assertThat(created.identities()).containsExactly(new Identity("saml", "ext-1"));
            assertThat(created.note()).contains("provisioned");
            assertThat(created.isActive()).isTrue();
            assertThat(fake.journal("POST", "/api/v4/users").get(0).body())
                    .contains("\"force_random_password\":true", "\"skip_confirmation\":true",
                            "\"extern_uid\":\"ext-1\"", "\"provider\":\"saml\"");

            assertThat(client.users().get(created.id())).isEqualTo(created);
            assertThat(client.users().findByUsername("JDOE")).map(GitLabUser::id).contains(created.id());
            assertThat(client.users().findByEmail("jdoe@example.com")).map(GitLabUser::id).contains(created.id());
            assertThat(client.users().findByIdentity("saml", "ext-1")).map(GitLabUser::id).contains(created.id());
            assertThat(client.users().list(UserQuery.search("jane")).map(GitLabUser::id)).containsExactly(created.id());
            assertThat(client.users().list(UserQuery.all().activeOnly()).count()).isEqualTo(2);
            assertThat(client.users().find(4242)).isEmpty();

            GitLabUser updated = client.users().update(created.id(), UserUpdate.none().withName("Jane Q. Doe")
                    .withEmail("jane@example.com").withIdentity("saml", "ext-2").withExternal(true));
            assertThat(updated.name()).isEqualTo("Jane Q. Doe");
            assertThat(updated.email()).contains("jane@example.com");
            assertThat(updated.identities()).containsExactly(new Identity("saml", "ext-2"));
            assertThat(updated.external()).isTrue();

            client.users().deleteIdentity(created.id(), "saml");
            assertThat(client.users().get(created.id()).identities()).isEmpty();
            assertThatThrownBy(() -> client.users().deleteIdentity(created.id(), "saml"))
                    .isInstanceOfSatisfying(GitLabException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.NOT_FOUND));

            client.users().delete(created.id(), true);
            assertThat(client.users().find(created.id())).isEmpty();
            assertThat(fake.journal("DELETE", "/api/v4/users/\\d+").get(0).query()).isEqualTo("hard_delete=true");
        }
    }

    @Test
    void changesUserStatesIdempotently() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            long id = fake.seedUser("alice", "alice@example.com");
            assertThat(client.users().block(id)).isTrue();
            assertThat(client.users().block(id)).isFalse(); // 201 null: already blocked
            assertThat(fake.userState(id)).contains("blocked");
            assertThatThrownBy(() -> client.users().deactivate(id)).isInstanceOfSatisfying(GitLabException.class,
                    e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.FORBIDDEN));
            assertThatThrownBy(() -> client.users().activate(id)).isInstanceOfSatisfying(GitLabException.class,
                    e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.FORBIDDEN));
            assertThat(client.users().unblock(id)).isTrue();
            assertThat(client.users().deactivate(id)).isTrue();
            assertThat(client.users().deactivate(id)).isFalse();
            assertThatThrownBy(() -> client.users().unblock(id)).isInstanceOfSatisfying(GitLabException.class,
                    e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.FORBIDDEN));
            assertThat(client.users().activate(id)).isTrue();
            assertThat(client.users().ban(id)).isTrue();
            assertThat(fake.userState(id)).contains("banned");
            assertThat(client.users().unban(id)).isTrue();
            assertThat(client.users().get(id).state()).isEqualTo(UserState.ACTIVE);
        }
    }

    @Test
    void usernamesAndEmailsAreUniqueCaseInsensitively() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            fake.seedUser("bob", "bob@example.com");
            assertThatThrownBy(() -> client.users().create(NewUser.of("other", "BOB@example.com", "B")))
                    .isInstanceOfSatisfying(GitLabException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GitLabException.Kind.CONFLICT);
                        assertThat(e.gitlabMessage()).isEqualTo("Email has already been taken");
                    });
            assertThatThrownBy(() -> client.users().create(NewUser.of("BOB", "new@example.com", "B")))
                    .isInstanceOfSatisfying(GitLabException.class,
                            e -> assertThat(e.gitlabMessage()).isEqualTo("Username has already been taken"));
        }
    }
}
