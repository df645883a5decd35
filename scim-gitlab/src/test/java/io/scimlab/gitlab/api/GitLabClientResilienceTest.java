package io.scimlab.gitlab.api;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import io.scimlab.testkit.gitlab.JournalEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.api.NewUser;
import io.scimlab.gitlab.api.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GitLabClientResilienceTest {

    @Test
    void rateLimitStormLosesNothingAndObeysRetryAfter() throws Exception {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            fake.seedUsers("storm", 2_499);
            fake.inject(Fault.rateLimited(3).on("GET", "/api/v4/users").every(2));
            FakeTime time = new FakeTime();
            try (GitLabClient client = Clients.admin(fake, time); Stream<GitLabUser> users = client.users().list()) {
                assertThat(users.map(GitLabUser::id).distinct().count()).isEqualTo(2_500);
            }
            List<JournalEntry> all = fake.journal("GET", "/api/v4/users");
            assertThat(all.stream().filter(e -> e.status() == 200)).hasSize(25);
            // Every second request is refused: pages 2..25 each meet one 429 first.
            assertThat(all.stream().filter(e -> e.status() == 429)).hasSize(24);
            // Every 429 made the client wait Retry-After (3 s) before the next request went out.
            assertThat(time.sleeps.stream().filter(d -> d.toSeconds() >= 3)).hasSize(24);
            assertThat(time.slept()).isGreaterThanOrEqualTo(Duration.ofSeconds(72));
        }
    }

    @Test
    void concurrentWritesUnderA429StormAllLand() throws Exception {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            long group = fake.seedGroup("storm");
            List<Long> ids = fake.seedUsers("w", 40);
            fake.inject(Fault.rateLimited(1).on("POST", ".*/members").every(3));
            FakeTime time = new FakeTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try (GitLabClient client = Clients.admin(fake, time)) {
                List<Future<?>> futures = ids.stream().map(id -> pool.submit(() -> client.members().add(GroupRef.id(group),
                        id, MembershipSpec.of(AccessLevel.DEVELOPER)))).<Future<?>>map(f -> f).toList();
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(ids).allSatisfy(id -> assertThat(fake.memberLevel(group, id)).contains(30));
            assertThat(fake.journal("POST", ".*/members").stream().filter(e -> e.status() == 201)).hasSize(40);
        }
    }

    @Test
    void givesUpAfterTheRateLimitRetryBudget() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            fake.inject(Fault.rateLimited(1).on("GET", "/api/v4/users/1"));
            RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(10))
                    .maxBackoff(Duration.ofMillis(50)).jitter(0.5)
                    .maxRateLimitRetries(2).maxRateLimitWait(Duration.ofSeconds(5)).build();
            try (GitLabClient client = Clients.builder(fake, new FakeTime()).retryPolicy(policy).build()) {
                assertThatThrownBy(() -> client.users().get(1)).isInstanceOfSatisfying(GitLabException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GitLabException.Kind.RATE_LIMITED);
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                });
            }
            assertThat(fake.journal("GET", "/api/v4/users/1")).hasSize(3);
        }
    }

    @Test
    void retriesIdempotentRequestsAfter5xxWithBackoff() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            fake.inject(Fault.status(503).on("GET", "/api/v4/users/1").times(2));
            FakeTime time = new FakeTime();
            try (GitLabClient client = Clients.admin(fake, time)) {
                assertThat(client.users().get(1).username()).isEqualTo("root");
            }
            assertThat(fake.journal("GET", "/api/v4/users/1")).extracting(JournalEntry::status)
                    .containsExactly(503, 503, 200);
            // 200 ms then 400 ms, each with up to 50% jitter taken off.
            assertThat(time.sleeps).hasSize(2);
            assertThat(time.sleeps.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(time.sleeps.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));

            fake.inject(Fault.status(500).on("PUT", "/api/v4/users/1"));
            try (GitLabClient client = Clients.admin(fake, time)) {
                assertThatThrownBy(() -> client.users().update(1, io.scimlab.gitlab.api.UserUpdate.none().withName("x")))
                        .isInstanceOfSatisfying(GitLabException.class, e -> {
                            assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAVAILABLE);
                            assertThat(e.status()).isEqualTo(500);
                        });
            }
            assertThat(fake.journal("PUT", "/api/v4/users/1")).hasSize(4);
        }
    }

    @Test
    void retriesAfterTimeoutsAndDroppedConnections() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            fake.inject(Fault.latency(Duration.ofMillis(600)).on("GET", "/api/v4/users/1").times(1));
            fake.inject(Fault.dropConnection().on("GET", "/api/v4/groups/.*").times(1));
            long group = fake.seedGroup("drops");
            try (GitLabClient client = Clients.builder(fake, new FakeTime()).readTimeout(Duration.ofMillis(150))
                    .build()) {
                assertThat(client.users().get(1).id()).isEqualTo(1);
                assertThat(client.groups().get(GroupRef.id(group)).path()).isEqualTo("drops");
            }
            assertThat(fake.journal("GET", "/api/v4/groups/.*")).extracting(JournalEntry::status)
                    .containsExactly(0, 200);
        }
    }

    @Test
    void createUserConfirmsBeforeRetryingAPost() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            // The first attempt takes effect but its answer is lost: the client finds the user instead of
            // creating a duplicate.
            fake.inject(Fault.dropResponse().on("POST", "/api/v4/users").times(1));
            GitLabUser u = client.users().create(NewUser.of("lost", "lost@example.com", "Lost Answer"));
            assertThat(u.username()).isEqualTo("lost");
            assertThat(fake.journal().stream().map(e -> e.method() + " " + e.path() + " " + e.status()))
                    .containsExactly("POST /api/v4/users 0", "GET /api/v4/users 200");

            // The first attempt fails before taking effect: the lookup finds nothing and the POST is resent.
            fake.clearJournal();
            fake.inject(Fault.status(502).on("POST", "/api/v4/users").times(1));
            GitLabUser v = client.users().create(NewUser.of("again", "again@example.com", "Try Again"));
            assertThat(v.username()).isEqualTo("again");
            assertThat(fake.journal().stream().map(e -> e.method() + " " + e.status()))
                    .containsExactly("POST 502", "GET 200", "POST 201");
        }
    }

    @Test
    void addMemberTreatsConflictAfterRetryAsSuccessWhenTheLevelMatches() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            long group = fake.seedGroup("g");
            long user = fake.seedUser("m", "m@example.com");
            fake.inject(Fault.dropResponse().on("POST", "/api/v4/groups/\\d+/members").times(1));
            // The confirming read fails too, so the client re-sends and meets 409 "Member already exists".
            fake.inject(Fault.status(404, "{\"message\":\"404 Not found\"}")
                    .on("GET", "/api/v4/groups/\\d+/members/\\d+").times(1));
            assertThat(client.members().add(GroupRef.id(group), user, MembershipSpec.of(AccessLevel.REPORTER))
                    .accessLevel()).isEqualTo(AccessLevel.REPORTER);
            assertThat(fake.journal().stream().map(e -> e.method() + " " + e.status()))
                    .containsExactly("POST 0", "GET 404", "POST 409", "GET 200");

            // A conflict on the first attempt is a real conflict.
            assertThatThrownBy(() -> client.members().add(GroupRef.id(group), user,
                    MembershipSpec.of(AccessLevel.OWNER))).isInstanceOfSatisfying(GitLabException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.CONFLICT));
        }
    }

    @Test
    void tokenRotationIsNeverRetried() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            fake.inject(Fault.status(502).on("POST", ".*/rotate").times(1));
            assertThatThrownBy(() -> client.accessTokens().rotateOwn(java.util.Optional.empty()))
                    .isInstanceOfSatisfying(GitLabException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAVAILABLE));
            assertThat(fake.journal("POST", ".*/rotate")).hasSize(1);
        }
    }

    @Test
    void pacerKeepsBulkRunsInsideTheBudget() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            FakeTime time = new FakeTime();
            // 600/minute: a burst of 30, then 9.5 requests a second.
            try (GitLabClient client = Clients.builder(fake, time).requestsPerMinute(600).build()) {
                IntStream.range(0, 60).forEach(i -> client.users().get(1));
            }
            assertThat(time.slept()).isBetween(Duration.ofMillis(3_000), Duration.ofMillis(3_300));
        }
    }

    @Test
    void fakeRateLimitHeadersCloseTheGate() {
        // One clock for both (the fake's window and the client's sleeps), so no minute boundary of the real clock
        // can fall between the fifth and the sixth request.
        FakeTime time = new FakeTime();
        try (FakeGitLab fake = FakeGitLab.builder().clock(time).rateLimitPerMinute(5).start()) {
            RetryPolicy noRateLimitRetries = RetryPolicy.builder().maxAttempts(1).initialBackoff(Duration.ZERO)
                    .maxBackoff(Duration.ZERO).jitter(0)
                    .maxRateLimitRetries(0).maxRateLimitWait(Duration.ZERO).build();
            try (GitLabClient client = Clients.builder(fake, time).requestsPerMinute(0)
                    .retryPolicy(noRateLimitRetries).build()) {
                IntStream.range(0, 5).forEach(i -> client.users().get(1));
                assertThat(time.sleeps).isEmpty();
                // The fifth answer said RateLimit-Remaining: 0, so the sixth request first waits for the reset
                // and then goes through: the gate, not a 429 and a retry (none is allowed here), kept it inside.
                assertThat(client.users().get(1)).isNotNull();
            }
            assertThat(time.sleeps).hasSize(1);
            assertThat(time.sleeps.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
            assertThat(fake.journal()).extracting(JournalEntry::status).containsOnly(200);
        }
    }

    @Test
    void rateLimitAfterNRequestsOnlyHitsLaterOnes() {
        // One clock for both: the fake's RateLimit-Reset then agrees with the client's, however slow the machine.
        FakeTime time = new FakeTime();
        try (FakeGitLab fake = FakeGitLab.builder().clock(time).start()) {
            fake.inject(Fault.rateLimited(1).afterRequests(3).times(2));
            try (GitLabClient client = Clients.admin(fake, time)) {
                IntStream.range(0, 5).forEach(i -> client.users().get(1));
            }
            assertThat(fake.journal()).extracting(JournalEntry::status)
                    .containsExactly(200, 200, 200, 429, 429, 200, 200);
            // At least Retry-After each time; RateLimit-Reset (whole seconds) may add up to a second.
            assertThat(time.sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(1),
                    Duration.ofSeconds(2)));
        }
    }

    @Test
    void followsPaginationLinksOnlyOnTheConfiguredHost() {
        try (FakeGitLab fake = FakeGitLab.selfManaged(); GitLabClient client = Clients.admin(fake, new FakeTime())) {
            long group = fake.seedGroup("links");
            fake.inject(Fault.status(200, "[]").header("Link",
                    "<http://gitlab.attacker.invalid/api/v4/groups/1/subgroups?page=2>; rel=\"next\"")
                    .on("GET", ".*/subgroups").times(1));
            // Only the link's path and query are taken: the next page is asked of the configured GitLab, so the
            // token never goes to the host the header names.
            assertThat(client.groups().subgroups(GroupRef.id(group)).count()).isZero();
            List<JournalEntry> pages = fake.journal("GET", ".*/subgroups");
            assertThat(pages).hasSize(2);
            assertThat(pages.get(1).path()).isEqualTo("/api/v4/groups/1/subgroups");
            assertThat(pages.get(1).query()).isEqualTo("page=2");
        }
    }
}
