package io.scimlab.gitlab.api;

import io.scimlab.testkit.gitlab.FakeGitLab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.gitlab.api.AccessToken;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.NewAccessToken;
import io.scimlab.gitlab.api.NewServiceAccount;
import io.scimlab.gitlab.api.ServiceAccount;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Instance service accounts and the admin personal access token routes, against the fake. */
class GitLabClientServiceAccountsTest {

    @Test
    void instanceServiceAccountsAndTheirTokens() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            ServiceAccount generated = client.serviceAccounts().create(new NewServiceAccount(Optional.empty(),
                    Optional.empty(), Optional.empty()));
            assertThat(generated.name()).isEqualTo("Service account user");
            assertThat(generated.username()).startsWith("service_account_");
            ServiceAccount named = client.serviceAccounts().create(NewServiceAccount.of("Agent", "agent-1"));
            assertThat(fake.serviceAccountKind(named.id())).contains("instance");
            assertThatThrownBy(() -> client.serviceAccounts().create(NewServiceAccount.of("Again", "agent-1")))
                    .isInstanceOfSatisfying(GitLabException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GitLabException.Kind.VALIDATION);
                        assertThat(e.gitlabMessage()).contains("Username has already been taken");
                    });
            try (Stream<ServiceAccount> all = client.serviceAccounts().list()) {
                assertThat(all.map(ServiceAccount::username)).containsExactly(generated.username(), "agent-1");
            }

            AccessToken t = client.accessTokens().createPersonal(named.id(), new NewAccessToken("ci",
                    List.of("read_api"), Optional.of(LocalDate.now().plusDays(10))));
            assertThat(t.token()).isPresent();
            assertThat(t.toString()).doesNotContain(t.token().get());
            assertThat(fake.tokenActive(t.token().get())).isTrue();
            try (Stream<AccessToken> tokens = client.accessTokens().listPersonal(named.id())) {
                assertThat(tokens.toList()).singleElement().satisfies(x -> {
                    assertThat(x.id()).isEqualTo(t.id());
                    assertThat(x.token()).isEmpty();
                });
            }
            AccessToken rotated = client.accessTokens().rotatePersonal(t.id(), Optional.empty());
            assertThat(fake.tokenActive(t.token().get())).isFalse();
            client.accessTokens().revokePersonal(rotated.id());
            assertThat(fake.tokenActive(rotated.token().orElseThrow())).isFalse();
            assertThat(fake.journal("POST", "/api/v4/service_accounts").get(1).body())
                    .contains("\"username\":\"agent-1\"", "\"name\":\"Agent\"");
        }
    }

    @Test
    void gitlabComHasNoInstanceServiceAccountsButGroupOnesCanBeRenamed() {
        try (FakeGitLab fake = FakeGitLab.gitlabCom(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            assertThatThrownBy(() -> client.serviceAccounts().create(NewServiceAccount.of("A", "a")))
                    .isInstanceOfSatisfying(GitLabException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.FORBIDDEN));
            long top = fake.seedGroup("acme");
            ServiceAccount sa = client.serviceAccounts().create(GroupRef.path("acme"), NewServiceAccount.of("A", "bot-a"));
            assertThat(fake.serviceAccountKind(sa.id())).contains("group:" + top);
            ServiceAccount renamed = client.serviceAccounts().update(GroupRef.path("acme"), sa.id(),
                    new NewServiceAccount(Optional.of("Renamed"), Optional.empty(), Optional.empty()));
            assertThat(renamed.name()).isEqualTo("Renamed");
            assertThat(renamed.username()).isEqualTo("bot-a");
        }
    }
}
