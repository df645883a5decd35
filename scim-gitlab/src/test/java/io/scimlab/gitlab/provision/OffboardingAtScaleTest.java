package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.RetryPolicy;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A large offboarding under GitLab's {@code members_delete} limit (60 deletions a minute per group and caller,
 * lib/api/members.rb) completes: the bridge never sleeps under its lock, it answers 503 with {@code Retry-After}
 * (which identity providers retry), and each retry continues where the last one stopped. One clock for the fake,
 * the client and the identity provider, so the minutes pass in no real time.
 */
class OffboardingAtScaleTest {
    private static final RoleMapping MAPPING = RoleMapping.builder().group("Team", "acme/team", AccessLevel.DEVELOPER)
            .build();

    /** A self-managed bridge whose client and audit share the test's clock, with its own request budget off. */
    private static Scim bridge(FakeGitLab fake, ManualClock clock, int clientDeletesPerMinute,
            UnaryOperator<GitLabBridge.Builder> more) {
        GitLabClient client = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                .clock(clock).requestsPerMinute(0).memberDeletesPerMinute(clientDeletesPerMinute)
                .retryPolicy(Scim.fastRetry().toBuilder().maxRateLimitWait(Duration.ofMinutes(2)).build())
                .readTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(20)).build();
        return Scim.of(fake, client, b -> more.apply(b.roleMapping(MAPPING).clock(clock).pause(clock)));
    }

    private static List<String> provision(Scim s, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(s.createUser("leaver" + i, "leaver" + i + "@example.com", "ext-" + i).id());
        }
        s.createGroup("Team", ids.toArray(String[]::new));
        return ids;
    }

    private static List<JournalEntry> memberDeletes(FakeGitLab fake) {
        return fake.journal("DELETE", "/api/v4/groups/[^/]+/members/\\d+");
    }

    @Test
    void fiveHundredDeletesFromOneGroupComplete() {
        ManualClock clock = new ManualClock();
        try (FakeGitLab fake = FakeGitLab.builder().clock(clock).membersDeleteLimit(60).start()) {
            long team = fake.seedSubgroup(fake.seedGroup("acme"), "team");
            Scim s = bridge(fake, clock, 60, UnaryOperator.identity());
            List<String> ids = provision(s, 500);
            assertThat(ids).allSatisfy(id -> assertThat(fake.memberLevel(team, Long.parseLong(id))).contains(30));
            fake.clearJournal();
            try (Idp idp = new Idp(s.bridge)) {
                for (String id : ids) {
                    assertThat(idp.sendRetrying("DELETE", "/Users/" + id, null, clock, 3).status()).isEqualTo(204);
                }
                // Every refusal was a 503 the IdP retries, with GitLab's minute as Retry-After: one per window.
                assertThat(idp.retried).hasSizeBetween(8, 9).allSatisfy(a -> {
                    assertThat(a.status()).isEqualTo(503);
                    assertThat(Long.parseLong(a.retryAfter())).isBetween(1L, 60L);
                });
            }
            for (String id : ids) {
                long uid = Long.parseLong(id);
                assertThat(fake.memberLevel(team, uid)).isEmpty();
                assertThat(fake.userState(uid)).contains("blocked");
                assertThat(s.bridge.stateStore().managedOf(uid)).isEmpty();
            }
            // Paced ahead: GitLab never refused one, and each membership was deleted exactly once.
            assertThat(memberDeletes(fake)).hasSize(500).allSatisfy(e -> assertThat(e.status()).isEqualTo(204));
        }
    }

    @Test
    void deletingAGroupOfFiveHundredContinuesWhereEachRetryStopped() {
        ManualClock clock = new ManualClock();
        try (FakeGitLab fake = FakeGitLab.builder().clock(clock).membersDeleteLimit(60).start()) {
            long team = fake.seedSubgroup(fake.seedGroup("acme"), "team");
            Scim s = bridge(fake, clock, 60, UnaryOperator.identity());
            List<String> ids = provision(s, 500);
            String group = s.bridge.stateStore().groups().findFirst().orElseThrow().scimId();
            fake.clearJournal();
            try (Idp idp = new Idp(s.bridge)) {
                assertThat(idp.sendRetrying("DELETE", "/Groups/" + group, null, clock, 20).status()).isEqualTo(204);
                assertThat(idp.retried).hasSize(8);
            }
            assertThat(ids).allSatisfy(id -> assertThat(fake.memberLevel(team, Long.parseLong(id))).isEmpty());
            assertThat(memberDeletes(fake)).hasSize(500).allSatisfy(e -> assertThat(e.status()).isEqualTo(204));
            assertThat(s.bridge.stateStore().group(group)).isEmpty();
        }
    }

    @Test
    void aLowerLimitThanTheClientKnowsIsBackedOffUntilItPasses() {
        // An administrator lowered members_delete_limit to 20, the client paces for 60, and GitLab 18.5 says
        // nothing but 429: the bridge backs off per endpoint, exponentially, answering 503 + Retry-After.
        ManualClock clock = new ManualClock();
        try (FakeGitLab fake = FakeGitLab.builder().version("18.5.0-ee").clock(clock).membersDeleteLimit(20)
                .start()) {
            long team = fake.seedSubgroup(fake.seedGroup("acme"), "team");
            Scim s = bridge(fake, clock, 60, b -> b.rateLimitWaitInRequest(Duration.ZERO));
            List<String> ids = provision(s, 50);
            fake.clearJournal();
            try (Idp idp = new Idp(s.bridge)) {
                for (String id : ids) {
                    assertThat(idp.sendRetrying("DELETE", "/Users/" + id, null, clock, 20).status()).isEqualTo(204);
                }
                assertThat(idp.retried).isNotEmpty().allSatisfy(a -> assertThat(a.status()).isEqualTo(503));
            }
            assertThat(ids).allSatisfy(id -> assertThat(fake.memberLevel(team, Long.parseLong(id))).isEmpty());
            assertThat(memberDeletes(fake).stream().filter(e -> e.status() == 204)).hasSize(50);
        }
    }

    @Test
    void theReconcilerWaitsOutTheLimitBetweenStepsOutsideTheLock() {
        ManualClock clock = new ManualClock();
        try (FakeGitLab fake = FakeGitLab.builder().clock(clock).membersDeleteLimit(10).start()) {
            long team = fake.seedSubgroup(fake.seedGroup("acme"), "team");
            Scim s = bridge(fake, clock, 10, UnaryOperator.identity());
            List<String> ids = provision(s, 30);
            // The mapping loses the group: every membership is to go.
            Scim after = Scim.of(fake, clientOf(fake, clock), b -> b.stateStore(s.bridge.stateStore())
                    .roleMapping(RoleMapping.empty()).clock(clock).pause(clock));
            fake.clearJournal();
            RequestContext ctx = new RequestContext("reconciler", Optional.empty(), "reconcile-1", Map.of());
            after.bridge.reconciler().reconcile(ctx);
            assertThat(ids).allSatisfy(id -> assertThat(fake.memberLevel(team, Long.parseLong(id))).isEmpty());
            assertThat(memberDeletes(fake)).hasSize(30).allSatisfy(e -> assertThat(e.status()).isEqualTo(204));
            // Two waits of about a minute, taken between steps.
            assertThat(clock.paused()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(125));
        }
    }

    private static GitLabClient clientOf(FakeGitLab fake, ManualClock clock) {
        return GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken()).clock(clock)
                .requestsPerMinute(0).memberDeletesPerMinute(10).retryPolicy(RetryPolicy.defaults())
                .readTimeout(Duration.ofSeconds(5)).build();
    }
}
