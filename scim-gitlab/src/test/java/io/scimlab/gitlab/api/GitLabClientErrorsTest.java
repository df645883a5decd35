package io.scimlab.gitlab.api;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabException.Kind;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.api.NewUser;
import io.scimlab.gitlab.api.RetryPolicy;
import io.scimlab.gitlab.api.ScimScope;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.api.UserQuery;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class GitLabClientErrorsTest {
    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(2)).jitter(0)
            .maxRateLimitRetries(1).maxRateLimitWait(Duration.ofSeconds(5)).build();

    private static GitLabException fail(ThrowingCallable call) {
        GitLabException e = catchThrowableOfType(GitLabException.class, call);
        assertThat(e).as("expected a GitLabException").isNotNull();
        return e;
    }

    @Test
    void mapsEveryErrorKindAndNeverLeaksTheToken() {
        Map<Kind, GitLabException> seen = new EnumMap<>(Kind.class);
        List<Object> shown = new ArrayList<>();
        try (FakeGitLab self = FakeGitLab.selfManaged(); FakeGitLab com = FakeGitLab.gitlabCom()) {
            String token = self.adminToken();
            GitLabClient.Builder builder = Clients.builder(self, new FakeTime()).retryPolicy(FAST);
            GitLabClient client = builder.build();
            shown.add(builder);
            shown.add(client);

            GitLabException validation = fail(() -> client.users().create(NewUser.of("bad name!", "x@example.com",
                    "X")));
            assertThat(validation.status()).isEqualTo(400);
            assertThat(validation.fieldErrors()).containsOnlyKeys("username");
            seen.put(validation.kind(), validation);

            GitLabException unauthorized = fail(() -> GitLabClient.builder().baseUrl(self.baseUrl())
                    .token("glpat-not-a-real-token").build().users().get(1));
            assertThat(unauthorized.gitlabMessage()).isEqualTo("401 Unauthorized");
            seen.put(unauthorized.kind(), unauthorized);

            GitLabClient comClient = Clients.builder(com, new FakeTime()).retryPolicy(FAST).build();
            shown.add(comClient);
            GitLabException forbidden = fail(() -> comClient.users().create(NewUser.of("a", "a@example.com", "A")));
            assertThat(forbidden.status()).isEqualTo(403);
            seen.put(forbidden.kind(), forbidden);

            GitLabException notFound = fail(() -> client.groups().get(GroupRef.path("nope/none")));
            assertThat(notFound.gitlabMessage()).isEqualTo("404 Group Not Found");
            assertThat(notFound.path()).isEqualTo("/api/v4/groups/nope%2Fnone");
            seen.put(notFound.kind(), notFound);

            long g = self.seedGroup("errors");
            client.members().add(GroupRef.id(g), 1, MembershipSpec.of(AccessLevel.OWNER));
            GitLabException conflict = fail(() -> client.members().add(GroupRef.id(g), 1,
                    MembershipSpec.of(AccessLevel.OWNER)));
            seen.put(conflict.kind(), conflict);

            self.inject(Fault.rateLimited(2).on("GET", "/api/v4/users/2"));
            GitLabException limited = fail(() -> client.users().get(2));
            assertThat(limited.retryAfter()).contains(Duration.ofSeconds(2));
            seen.put(limited.kind(), limited);

            self.inject(Fault.status(503).on("GET", "/api/v4/users"));
            GitLabException unavailable = fail(() -> client.users().list(UserQuery.search(token)).count());
            assertThat(unavailable.status()).isEqualTo(503);
            // The query string (here even holding the token as a search term) never reaches the exception.
            assertThat(unavailable.path()).isEqualTo("/api/v4/users");
            seen.put(unavailable.kind(), unavailable);

            self.inject(Fault.dropConnection().on("GET", "/api/v4/groups/.*"));
            GitLabException dropped = fail(() -> client.groups().get(GroupRef.id(g)));
            assertThat(dropped.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(dropped.status()).isZero();

            self.inject(Fault.status(302, "{}").on("GET", "/api/v4/users/3"));
            GitLabException unexpected = fail(() -> client.users().get(3));
            seen.put(unexpected.kind(), unexpected);

            long scimGroup = com.seedGroup("scimgroup");
            com.seedGroupScimToken(scimGroup);
            GitLabClient scim = Clients.builder(com, new FakeTime()).token(token).tokenHeader(TokenHeader.BEARER)
                    .retryPolicy(FAST).build();
            GitLabException scimUnauthorized = fail(() -> scim.scim(ScimScope.group("scimgroup"))
                    .listUsers(Optional.empty(), 1, 10));
            assertThat(scimUnauthorized.kind()).isEqualTo(Kind.UNAUTHORIZED);

            assertThat(seen.keySet()).containsExactlyInAnyOrder(Kind.values());
            List<Object> all = new ArrayList<>(seen.values());
            all.addAll(List.of(dropped, scimUnauthorized));
            all.addAll(shown);
            for (Object o : all) {
                assertThat(o.toString()).doesNotContain(token);
                if (o instanceof Throwable t) {
                    assertThat(t.getMessage()).doesNotContain(token);
                    StringWriter trace = new StringWriter();
                    t.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).doesNotContain(token);
                }
            }
            assertThat(builder.toString()).contains("****");
        }
    }
}
