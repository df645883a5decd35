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
            try (GitLabClient client = Clients.admin(fake, time); Stream<GitLabUser> users = client.users()) {
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
                    Stream<GitLabUser> users = client.users()) {
                assertThat(users.limit(150).count()).isEqualTo(150);
            }
            assertThat(fake.journal("GET", "/api/v4/users")).hasSize(2);
        }
    }

    @Test
    void createsFindsUpdatesAndDeletesUsers() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            GitLabUser created = client.createUser(NewUser.of("jdoe", "JDoe@Example.com", "Jane Doe")
                    .withIdentity("saml", "ext-1").withNote("provisioned"));
            assertThat(created.username()).isEqualTo("jdoe");
            assertThat(created.email()).contains("JDoe@Example.com");
            assertThat(created.identities()).containsExactly(new Identity("saml", "ext-1"));
            assertThat(created.note()).contains("provisioned");
            assertThat(created.isActive()).isTrue();
            assertThat(fake.journal("POST", "/api/v4/users").get(0).body())
                    .contains("\"force_random_password\":true", "\"skip_confirmation\":true",
                            "\"extern_uid\":\"ext-1\"", "\"provider\":\"saml\"");

            assertThat(client.getUser(created.id())).isEqualTo(created);
            assertThat(client.findUserByUsername("JDOE")).map(GitLabUser::id).contains(created.id());
            assertThat(client.findUserByEmail("jdoe@example.com")).map(GitLabUser::id).contains(created.id());
            assertThat(client.findUserByIdentity("saml", "ext-1")).map(GitLabUser::id).contains(created.id());
            assertThat(client.users(UserQuery.search("jane")).map(GitLabUser::id)).containsExactly(created.id());
            assertThat(client.users(UserQuery.all().activeOnly()).count()).isEqualTo(2);
            assertThat(client.findUser(4242)).isEmpty();

            GitLabUser updated = client.updateUser(created.id(), UserUpdate.none().withName("Jane Q. Doe")
                    .withEmail("jane@example.com").withIdentity("saml", "ext-2").withExternal(true));
            assertThat(updated.name()).isEqualTo("Jane Q. Doe");
            assertThat(updated.email()).contains("jane@example.com");
            assertThat(updated.identities()).containsExactly(new Identity("saml", "ext-2"));
            assertThat(updated.external()).isTrue();

            client.deleteIdentity(created.id(), "saml");
            assertThat(client.getUser(created.id()).identities()).isEmpty();
            assertThatThrownBy(() -> client.deleteIdentity(created.id(), "saml"))
                    .isInstanceOfSatisfying(GitLabException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.NOT_FOUND));

            client.deleteUser(created.id(), true);
            assertThat(client.findUser(created.id())).isEmpty();
            assertThat(fake.journal("DELETE", "/api/v4/users/\\d+").get(0).query()).isEqualTo("hard_delete=true");
        }
    }

    @Test
    void changesUserStatesIdempotently() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            long id = fake.seedUser("alice", "alice@example.com");
            assertThat(client.blockUser(id)).isTrue();
            assertThat(client.blockUser(id)).isFalse(); // 201 null: already blocked
            assertThat(fake.userState(id)).contains("blocked");
            assertThatThrownBy(() -> client.deactivateUser(id)).isInstanceOfSatisfying(GitLabException.class,
                    e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.FORBIDDEN));
            assertThatThrownBy(() -> client.activateUser(id)).isInstanceOfSatisfying(GitLabException.class,
                    e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.FORBIDDEN));
            assertThat(client.unblockUser(id)).isTrue();
            assertThat(client.deactivateUser(id)).isTrue();
            assertThat(client.deactivateUser(id)).isFalse();
            assertThatThrownBy(() -> client.unblockUser(id)).isInstanceOfSatisfying(GitLabException.class,
                    e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.FORBIDDEN));
            assertThat(client.activateUser(id)).isTrue();
            assertThat(client.banUser(id)).isTrue();
            assertThat(fake.userState(id)).contains("banned");
            assertThat(client.unbanUser(id)).isTrue();
            assertThat(client.getUser(id).state()).isEqualTo("active");
        }
    }

    @Test
    void usernamesAndEmailsAreUniqueCaseInsensitively() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            fake.seedUser("bob", "bob@example.com");
            assertThatThrownBy(() -> client.createUser(NewUser.of("other", "BOB@example.com", "B")))
                    .isInstanceOfSatisfying(GitLabException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GitLabException.Kind.CONFLICT);
                        assertThat(e.gitlabMessage()).isEqualTo("Email has already been taken");
                    });
            assertThatThrownBy(() -> client.createUser(NewUser.of("BOB", "new@example.com", "B")))
                    .isInstanceOfSatisfying(GitLabException.class,
                            e -> assertThat(e.gitlabMessage()).isEqualTo("Username has already been taken"));
        }
    }
}
