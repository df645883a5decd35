package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GitLab's per-endpoint limits and its request throttle. */
class RateLimitTest {
    private static FakeGitLab start(TestClock clock, String version) {
        return FakeGitLab.builder().clock(clock).version(version).membersDeleteLimit(3).start();
    }

    private static List<Long> members(FakeGitLab fake, long group, int n) {
        List<Long> ids = fake.seedUsers("m" + group + "x", n);
        ids.forEach(id -> fake.seedMember(group, id, 30));
        return ids;
    }

    @Test
    @DisplayName("lib/api/members.rb + lib/gitlab/application_rate_limiter.rb: members_delete counts per group and "
            + "caller in a fixed window; a 404 does not count; 17.x answers without any rate-limit header")
    void membersDeleteIsLimitedPerGroupAndCaller() {
        TestClock clock = TestClock.atMinuteStart();
        try (FakeGitLab fake = start(clock, "17.10.0-ee")) {
            Wire wire = new Wire(fake);
            long a = fake.seedGroup("a");
            long b = fake.seedGroup("b");
            List<Long> inA = members(fake, a, 5);
            List<Long> inB = members(fake, b, 2);
            assertThat(wire.delete("/api/v4/groups/" + a + "/members/999").status()).isEqualTo(404);
            for (int i = 0; i < 3; i++) {
                assertThat(wire.delete("/api/v4/groups/" + a + "/members/" + inA.get(i)).status()).isEqualTo(204);
            }

            Answer limited = wire.delete("/api/v4/groups/" + a + "/members/" + inA.get(3));

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.text()).isEqualTo("{\"message\":{\"error\":\"This endpoint has been requested too many "
                    + "times. Try again later.\"}}");
            assertThat(limited.header("Retry-After")).isEmpty();
            assertThat(limited.raw().headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("ratelimit"));
            assertThat(fake.memberLevel(a, inA.get(3))).contains(30);
            // Another group, or another caller, has its own count.
            assertThat(wire.delete("/api/v4/groups/" + b + "/members/" + inB.get(0)).status()).isEqualTo(204);
            String other = fake.seedToken(fake.seedUser("other", "other@corp.test"));
            assertThat(wire.rest("DELETE", "/api/v4/groups/" + a + "/members/" + inA.get(3), other, "").status())
                    .isEqualTo(204);
            // The window is the wall-clock minute: the next one starts afresh.
            clock.advance(Duration.ofSeconds(60));
            assertThat(wire.delete("/api/v4/groups/" + a + "/members/" + inA.get(4)).status()).isEqualTo(204);
        }
    }

    @Test
    @DisplayName("lib/api/helpers/rate_limiter.rb (18.6+): the 429 carries Retry-After with the whole interval")
    void newerVersionsSendRetryAfterWithTheInterval() {
        TestClock clock = TestClock.atMinuteStart();
        clock.advance(Duration.ofSeconds(45));
        try (FakeGitLab fake = start(clock, "18.6.0-ee")) {
            Wire wire = new Wire(fake);
            long a = fake.seedGroup("a");
            List<Long> inA = members(fake, a, 4);
            for (int i = 0; i < 3; i++) {
                wire.delete("/api/v4/groups/" + a + "/members/" + inA.get(i));
            }
            Answer limited = wire.delete("/api/v4/groups/" + a + "/members/" + inA.get(3));
            assertThat(limited.status()).isEqualTo(429);
            // 60, not the 15 seconds left in the window.
            assertThat(limited.header("Retry-After")).contains("60");
        }
    }

    @Test
    @DisplayName("lib/api/users.rb + application_rate_limiter.rb: users_get_by_id limits non-admins per ten minutes")
    void usersGetByIdIsLimitedForNonAdmins() {
        TestClock clock = TestClock.atMinuteStart();
        try (FakeGitLab fake = FakeGitLab.builder().clock(clock).usersGetByIdLimit(2).start()) {
            Wire wire = new Wire(fake);
            String plain = fake.seedToken(fake.seedUser("plain", "plain@corp.test"));
            assertThat(wire.get("/api/v4/users/1", plain).status()).isEqualTo(200);
            assertThat(wire.get("/api/v4/users/999", plain).status()).isEqualTo(404);
            assertThat(wire.get("/api/v4/users/1", plain).status()).isEqualTo(429);
            assertThat(wire.get("/api/v4/users/1").status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(10));
            assertThat(wire.get("/api/v4/users/1", plain).status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("lib/gitlab/rack_attack.rb + lib/gitlab/throttle.rb: the request throttle's headers and 429")
    void requestThrottle() {
        TestClock clock = TestClock.atMinuteStart();
        clock.advance(Duration.ofSeconds(50));
        try (FakeGitLab fake = FakeGitLab.builder().clock(clock).rateLimitPerMinute(2).start()) {
            Wire wire = new Wire(fake);
            Answer first = wire.get("/api/v4/groups");
            assertThat(first.header("RateLimit-Name")).contains("throttle_authenticated_api");
            assertThat(first.header("RateLimit-Observed")).contains("1");
            assertThat(first.header("RateLimit-Remaining")).contains("1");
            wire.get("/api/v4/groups");
            Answer throttled = wire.get("/api/v4/groups");
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.text()).isEqualTo("Retry later\n");
            assertThat(throttled.header("Content-Type")).contains("text/plain");
            assertThat(throttled.header("Retry-After")).contains("10");
            assertThat(throttled.header("RateLimit-Observed")).contains("3");
            assertThat(throttled.header("RateLimit-ResetTime")).isPresent();
            assertThat(fake.journal().get(2).processed()).isFalse();
            clock.advance(Duration.ofSeconds(10));
            assertThat(wire.get("/api/v4/groups").status()).isEqualTo(200);
        }
    }
}
