package io.scimlab.gitlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GitLab's per-endpoint limits ({@code lib/api/members.rb}: {@code members_delete}, 60 a minute per group and
 * caller; {@code lib/api/helpers/rate_limiter.rb}: a JSON 429 without headers before 18.6, with the interval as
 * {@code Retry-After} from 18.6), against the fake with a clock that only moves when the client sleeps.
 */
class GitLabClientRateLimitTest {

    @Test
    void a429WithoutHeadersIsBackedOffExponentiallyUntilGitLabsWindowHasPassed() {
        FakeTime time = new FakeTime();
        try (FakeGitLab fake = FakeGitLab.builder().version("18.5.0-ee").clock(time).membersDeleteLimit(3).start()) {
            long group = fake.seedGroup("offboard");
            List<Long> ids = fake.seedUsers("leaver", 8);
            ids.forEach(id -> fake.seedMember(group, id, 30));
            // Pacing off: the client runs into GitLab's limit and has only the bare 429 to go by.
            try (GitLabClient client = Clients.builder(fake, time).memberDeletesPerMinute(0).build()) {
                ids.forEach(id -> client.members().remove(GroupRef.id(group), id));
            }
            assertThat(ids).allSatisfy(id -> assertThat(fake.memberLevel(group, id)).isEmpty());
            List<JournalEntry> deletes = fake.journal("DELETE", "/api/v4/groups/\\d+/members/\\d+");
            assertThat(deletes.stream().filter(e -> e.status() == 204)).hasSize(8);
            assertThat(deletes.stream().filter(e -> e.status() == 429)).isNotEmpty();
            // The waits grow past the 10 s cap of 5xx backoff (GitLab's window is a minute), never past 2 minutes.
            assertThat(time.sleeps).isNotEmpty().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(
                    Duration.ofMinutes(2)));
            assertThat(time.sleeps.stream().max(Duration::compareTo).orElseThrow())
                    .isGreaterThan(Duration.ofSeconds(10));
            for (int i = 1; i < time.sleeps.size(); i++) {
                if (time.sleeps.get(i).compareTo(Duration.ofMillis(400)) > 0) {
                    // Within a streak each wait is at least the one before (doubling, jitter at most halves).
                    assertThat(time.sleeps.get(i)).isGreaterThanOrEqualTo(time.sleeps.get(i - 1));
                }
            }
        }
    }

    @Test
    void memberDeletionsArePacedPerGroupSoGitLabNeverRefusesOne() {
        FakeTime time = new FakeTime();
        try (FakeGitLab fake = FakeGitLab.builder().clock(time).membersDeleteLimit(5).start()) {
            long group = fake.seedGroup("paced");
            long other = fake.seedGroup("other");
            List<Long> ids = fake.seedUsers("p", 12);
            ids.forEach(id -> fake.seedMember(group, id, 30));
            ids.forEach(id -> fake.seedMember(other, id, 30));
            try (GitLabClient client = Clients.builder(fake, time).memberDeletesPerMinute(5).build()) {
                ids.forEach(id -> client.members().remove(GroupRef.id(group), id));
                Duration forTwelve = time.slept();
                // Five a minute: twelve deletions take two waits of a minute, and no 429.
                assertThat(forTwelve).isBetween(Duration.ofSeconds(119), Duration.ofSeconds(121));
                // Another group has its own allowance.
                ids.subList(0, 5).forEach(id -> client.members().remove(GroupRef.id(other), id));
                assertThat(time.slept()).isEqualTo(forTwelve);
            }
            assertThat(fake.journal("DELETE", ".*/members/\\d+")).hasSize(17)
                    .allSatisfy(e -> assertThat(e.status()).isEqualTo(204));
        }
    }

    @Test
    void retryAfterOnOneEndpointDoesNotStallOtherCalls() {
        FakeTime time = new FakeTime();
        try (FakeGitLab fake = FakeGitLab.builder().clock(time).membersDeleteLimit(1).start()) {
            long group = fake.seedGroup("limited");
            long other = fake.seedGroup("free");
            long a = fake.seedUser("ra", "ra@example.com");
            long b = fake.seedUser("rb", "rb@example.com");
            long c = fake.seedUser("rc", "rc@example.com");
            List.of(a, b, c).forEach(id -> fake.seedMember(group, id, 30));
            fake.seedMember(other, a, 30);
            // A caller holding a lock: sleeps of up to a second, longer waits come back as retryAfter.
            RetryPolicy shortSleeps = RetryPolicy.defaults().toBuilder().maxRateLimitSleep(Duration.ofSeconds(1))
                    .build();
            try (GitLabClient client = Clients.builder(fake, time).memberDeletesPerMinute(0).retryPolicy(shortSleeps)
                    .build()) {
                client.members().remove(GroupRef.id(group), a);
                assertThatThrownBy(() -> client.members().remove(GroupRef.id(group), b))
                        .isInstanceOfSatisfying(GitLabException.class, e -> {
                            assertThat(e.kind()).isEqualTo(GitLabException.Kind.RATE_LIMITED);
                            assertThat(e.status()).isEqualTo(429);
                            // GitLab 18.6 sends the limit's interval.
                            assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
                        });
                // Nothing else waits for that endpoint's minute: reads and another group's deletions go at once.
                assertThat(client.users().get(1).username()).isEqualTo("root");
                client.members().remove(GroupRef.id(other), a);
                assertThat(time.sleeps).isEmpty();
                // The same endpoint is not asked again before its time: refused unsent, with the time left.
                int sent = fake.journal("DELETE", "/api/v4/groups/" + group + "/members/\\d+").size();
                assertThatThrownBy(() -> client.members().remove(GroupRef.id(group), c))
                        .isInstanceOfSatisfying(GitLabException.class, e -> {
                            assertThat(e.kind()).isEqualTo(GitLabException.Kind.RATE_LIMITED);
                            assertThat(e.status()).isZero();
                            assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d)
                                    .isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60)));
                        });
                assertThat(fake.journal("DELETE", "/api/v4/groups/" + group + "/members/\\d+")).hasSize(sent);
                time.sleep(Duration.ofSeconds(60));
                client.members().remove(GroupRef.id(group), c);
                time.sleep(Duration.ofSeconds(60));
                client.members().remove(GroupRef.id(group), b);
            }
            assertThat(fake.memberLevel(group, b)).isEmpty();
            assertThat(fake.memberLevel(group, c)).isEmpty();
        }
    }

    @Test
    void theRequestThrottleStillHoldsBackEveryRequest() {
        FakeTime time = new FakeTime();
        try (FakeGitLab fake = FakeGitLab.builder().clock(time).start()) {
            // GitLab's throttle (Rack::Attack) answers with RateLimit-* headers: every request of the client waits.
            fake.inject(Fault.rateLimited(7).on("GET", "/api/v4/users/1").times(1));
            try (GitLabClient client = Clients.admin(fake, time)) {
                assertThat(client.users().get(1).id()).isEqualTo(1);
                assertThat(time.slept()).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
                time.sleeps.clear();
                fake.inject(Fault.rateLimited(5).on("GET", "/api/v4/users/1").times(1));
                RetryPolicy shortSleeps = RetryPolicy.defaults().toBuilder().maxRateLimitSleep(Duration.ofSeconds(1))
                        .build();
                GitLabClient locked = client.newBuilder().retryPolicy(shortSleeps).build();
                assertThatThrownBy(() -> locked.users().get(1)).isInstanceOfSatisfying(GitLabException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(5)));
                // The derived client shares the gate: a group read waits too, or fails unsent.
                assertThatThrownBy(() -> locked.groups().find(GroupRef.id(1)))
                        .isInstanceOfSatisfying(GitLabException.class,
                                e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.RATE_LIMITED));
            }
        }
    }

    @Test
    void aRetryAfterBeyondTheLimitFailsThatCallAndHoldsTheOthersBackNoLonger() {
        FakeTime time = new FakeTime();
        try (FakeGitLab fake = FakeGitLab.builder().clock(time).start()) {
            long other = fake.seedUser("other", "other@example.com");
            // users_get_by_id counts ten minutes: GitLab 18.6 says Retry-After: 600, beyond the default 2 minutes.
            fake.inject(Fault.endpointRateLimited(600).on("GET", "/api/v4/users/1").times(1));
            try (GitLabClient client = Clients.admin(fake, time)) {
                assertThatThrownBy(() -> client.users().get(1)).isInstanceOfSatisfying(GitLabException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(600)));
                assertThat(client.users().get(other).username()).isEqualTo("other");
            }
            assertThat(time.slept()).isLessThanOrEqualTo(Duration.ofMinutes(2));
        }
    }

    @Test
    void endpointKeysKeepTheScopeAndGeneraliseIds() {
        assertThat(Pacer.endpoint("DELETE", "/api/v4/groups/12/members/5"))
                .isEqualTo("DELETE /api/v4/groups/12/members/:id");
        assertThat(Pacer.endpoint("DELETE", "/api/v4/groups/acme%2Fdev/members/5"))
                .isEqualTo("DELETE /api/v4/groups/acme%2Fdev/members/:id");
        assertThat(Pacer.endpoint("GET", "/api/v4/users/77")).isEqualTo("GET /api/v4/users/:id");
        assertThat(Pacer.memberDelete("DELETE", "/api/v4/projects/3/members/9")).isTrue();
        assertThat(Pacer.memberDelete("DELETE", "/api/v4/groups/3/members/all/9")).isFalse();
        assertThat(Pacer.memberDelete("GET", "/api/v4/groups/3/members/9")).isFalse();
    }
}
