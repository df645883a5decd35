package io.scimlab.gitlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a GitLabCallListener sees, and clients derived with newBuilder(). */
class GitLabCallListenerTest {

    @Test
    void eachRequestIsReportedOnceWithItsEncodedPathStatusAndAttemptsButNoQuery() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            long group = fake.seedGroup("acme");
            long eng = fake.seedSubgroup(group, "eng");
            long ann = fake.seedUsers("ann", 1).get(0);
            fake.inject(Fault.status(503).on("PUT", ".*/members/.*").times(1));
            List<GitLabCall> calls = new CopyOnWriteArrayList<>();
            try (GitLabClient client = Clients.builder(fake, new FakeTime()).addCallListener(calls::add).build()) {
                try (Stream<GitLabUser> s = client.users().list(UserQuery.search("secret-term@example.com"))) {
                    assertThat(s.count()).isZero();
                }
                client.members().add(GroupRef.path("acme/eng"), ann, MembershipSpec.of(AccessLevel.GUEST));
                client.members().edit(GroupRef.id(eng), ann, MembershipSpec.of(AccessLevel.DEVELOPER));
                assertThatThrownBy(() -> client.users().get(999_999)).isInstanceOf(GitLabException.class);
            }
            assertThat(calls).hasSize(4);
            GitLabCall list = calls.get(0);
            assertThat(list.method()).isEqualTo("GET");
            assertThat(list.path()).isEqualTo("/api/v4/users").doesNotContain("secret");
            assertThat(list.isWrite()).isFalse();
            assertThat(list.succeeded()).isTrue();
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.attempts()).isEqualTo(1);
            GitLabCall add = calls.get(1);
            assertThat(add.method() + " " + add.path()).isEqualTo("POST /api/v4/groups/acme%2Feng/members");
            assertThat(add.isWrite()).isTrue();
            assertThat(add.status()).isEqualTo(201);
            GitLabCall edit = calls.get(2);
            assertThat(edit.path()).isEqualTo("/api/v4/groups/" + eng + "/members/" + ann);
            assertThat(edit.attempts()).isEqualTo(2);
            assertThat(edit.status()).isEqualTo(200);
            GitLabCall missing = calls.get(3);
            assertThat(missing.failure()).contains(GitLabException.Kind.NOT_FOUND);
            assertThat(missing.status()).isEqualTo(404);
            // The listener saw exactly what the fake received.
            assertThat(fake.journal().stream().filter(e -> !e.method().equals("GET") && e.status() < 300)
                    .map(e -> e.method() + " " + e.path())).containsExactly(add.method() + " " + add.path(),
                            edit.method() + " " + edit.path());
        }
    }

    @Test
    void aFailingListenerDoesNotFailTheCall() {
        try (FakeGitLab fake = FakeGitLab.selfManaged();
                GitLabClient client = Clients.builder(fake, new FakeTime()).addCallListener(c -> {
                    throw new IllegalStateException("broken metrics");
                }).build()) {
            assertThat(client.users().get(1).id()).isEqualTo(1);
        }
    }

    @Test
    void newBuilderAddsListenersAndSharesTheRefusedTokenState() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            List<GitLabCall> outer = new CopyOnWriteArrayList<>();
            List<GitLabCall> inner = new CopyOnWriteArrayList<>();
            FakeTime time = new FakeTime();
            try (GitLabClient client = Clients.builder(fake, time).addCallListener(outer::add).build()) {
                GitLabClient derived = client.newBuilder().addCallListener(inner::add).build();
                assertThat(derived.baseUrl()).isEqualTo(client.baseUrl());
                derived.users().get(1);
                client.users().get(1);
                // The derived client keeps the original's listeners; the original does not get the new one.
                assertThat(outer).hasSize(2);
                assertThat(inner).hasSize(1);

                // GitLab's answer to a revoked token (lib/api/api_guard.rb): the token itself is refused.
                fake.inject(Fault.status(401, "{\"error\":\"invalid_token\",\"error_description\":\"Token was "
                        + "revoked. You have to re-authorize from the user.\"}").on("GET", "/api/v4/users/1").times(1));
                assertThatThrownBy(() -> client.users().get(1)).isInstanceOfSatisfying(GitLabException.class,
                        e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAUTHORIZED));
                int sent = fake.journal().size();
                // The token the original saw refused is not sent again through the derived client either.
                assertThatThrownBy(() -> derived.users().get(1)).isInstanceOf(GitLabException.class);
                assertThat(fake.journal()).hasSize(sent);
                assertThat(inner.get(inner.size() - 1).attempts()).isZero();
                assertThat(inner.get(inner.size() - 1).failure()).contains(GitLabException.Kind.UNAUTHORIZED);
                derived.close();
            }
        }
    }

    @Test
    void retryPolicyPresetsAndBuilder() {
        assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(4);
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThat(RetryPolicy.none().maxRateLimitRetries()).isZero();
        RetryPolicy custom = RetryPolicy.defaults().toBuilder().maxAttempts(2).build();
        assertThat(custom.maxAttempts()).isEqualTo(2);
        assertThat(custom.initialBackoff()).isEqualTo(RetryPolicy.defaults().initialBackoff());
        assertThat(custom).isEqualTo(RetryPolicy.builder().maxAttempts(2).build()).isNotEqualTo(RetryPolicy.defaults());
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void userStatesAreParsedWithUnknownStringsSafe() {
        assertThat(UserState.of("active")).isEqualTo(UserState.ACTIVE);
        assertThat(UserState.of("ldap_blocked")).isEqualTo(UserState.LDAP_BLOCKED);
        assertThat(UserState.of("blocked_pending_approval")).isEqualTo(UserState.BLOCKED_PENDING_APPROVAL);
        assertThat(UserState.of("banned")).isEqualTo(UserState.BANNED);
        assertThat(UserState.of("Deactivated")).isEqualTo(UserState.DEACTIVATED);
        assertThat(UserState.of("something_new")).isEqualTo(UserState.UNKNOWN);
        assertThat(UserState.of("")).isEqualTo(UserState.UNKNOWN);
        assertThat(UserState.of("unknown")).isEqualTo(UserState.UNKNOWN);
    }
}
