package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the identity provider gets when GitLab cannot answer now: a 503 with {@code Retry-After}, which Okta and
 * Entra retry, never a 500 or a request held for a minute under the bridge's lock.
 */
class RetryableAnswersTest {

    @Test
    void listingUsersWhileGitLabFailsIsA503WithRetryAfter() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            Scim s = Scim.of(fake, b -> b);
            s.createUser("una", "una@example.com", "ext-una");
            fake.inject(Fault.status(500).on("GET", "/api/v4/users"));
            try (Idp idp = new Idp(s.bridge)) {
                for (String query : new String[] {"", "?filter=displayName%20eq%20%22x%22",
                        "?filter=name.familyName%20co%20%22n%22&count=5"}) {
                    Idp.Answer a = idp.send("GET", "/Users" + query, null);
                    assertThat(a.status()).as(query).isEqualTo(503);
                    assertThat(a.retryAfter()).as(query).isNotEmpty();
                }
                // An indexed lookup needs no GitLab call and still answers.
                assertThat(idp.send("GET", "/Users?filter=userName%20eq%20%22una%22", null).status())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void aRetryAfterOfAMinuteIsPassedOnNotSleptUnderTheLock() {
        ManualClock clock = new ManualClock();
        try (FakeGitLab fake = FakeGitLab.builder().clock(clock).start()) {
            long team = fake.seedSubgroup(fake.seedGroup("acme"), "team");
            GitLabClient client = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                    .clock(clock).requestsPerMinute(0).retryPolicy(Scim.fastRetry().toBuilder()
                            .maxRateLimitWait(Duration.ofMinutes(2)).build())
                    .readTimeout(Duration.ofSeconds(5)).build();
            Scim s = Scim.of(fake, client, b -> b.clock(clock).roleMapping(RoleMapping.builder()
                    .group("Team", "acme/team", AccessLevel.DEVELOPER).build()));
            String a = s.createUser("ada", "ada@example.com", "ext-ada").id();
            String b = s.createUser("bea", "bea@example.com", "ext-bea").id();
            String group = s.createGroup("Team", a, b).id();
            // GitLab 18.6 answers a member deletion over the limit with Retry-After: 60.
            fake.inject(Fault.endpointRateLimited(60).on("DELETE", "/api/v4/groups/[^/]+/members/\\d+").times(1));
            try (Idp idp = new Idp(s.bridge)) {
                long started = System.nanoTime();
                Idp.Answer refused = idp.send("PATCH", "/Groups/" + group, "{\"schemas\":[\"urn:ietf:params:scim:api:"
                        + "messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                        + a + "\\\"]\"}]}");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.retryAfter()).isEqualTo("60");
                // Answered at once: the bridge did not wait the minute out (the clock only moves by hand anyway;
                // the bound is loose for a loaded machine).
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
                // Other writes and reads go on meanwhile: the lock is free, and only that endpoint waits.
                assertThat(idp.send("PATCH", "/Users/" + b, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                        + "PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\","
                        + "\"value\":\"Bea B\"}]}").status()).isEqualTo(200);
                assertThat(idp.send("GET", "/Users", null).status()).isEqualTo(200);
                clock.advance(Duration.ofSeconds(60));
                assertThat(idp.send("PATCH", "/Groups/" + group, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:"
                        + "2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + a
                        + "\\\"]\"}]}").status()).isIn(200, 204);
            }
            assertThat(fake.memberLevel(team, Long.parseLong(a))).isEmpty();
            assertThat(fake.memberLevel(team, Long.parseLong(b))).contains(30);
        }
    }
}
