package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.testkit.gitlab.Wire.Answer;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Test tooling, not GitLab behaviour: fault rules with handles and time windows, and the journal. */
class FaultsTest {
    private TestClock clock;
    private FakeGitLab fake;
    private Wire wire;

    @BeforeEach
    void start() {
        clock = TestClock.atMinuteStart();
        fake = FakeGitLab.builder().clock(clock).start();
        wire = new Wire(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private int groups() {
        return wire.get("/api/v4/groups").status();
    }

    private int users() {
        return wire.get("/api/v4/users").status();
    }

    @Test
    @DisplayName("inject returns a handle; remove() ends that rule and no other")
    void handlesRemoveTheirRuleOnly() {
        InjectedFault groupsDown = fake.inject(Fault.status(503).on("GET", "/api/v4/groups"));
        InjectedFault usersDown = fake.inject(Fault.status(500).on("GET", "/api/v4/users"));
        assertThat(groups()).isEqualTo(503);
        assertThat(fake.faults()).containsExactly(groupsDown, usersDown);

        groupsDown.remove();

        assertThat(groups()).isEqualTo(200);
        assertThat(users()).isEqualTo(500);
        assertThat(groupsDown.fired()).isEqualTo(1);
        fake.clearFaults();
        assertThat(users()).isEqualTo(200);
        assertThat(fake.faults()).isEmpty();
    }

    @Test
    @DisplayName("time windows on the fake's clock: startingAfter and during, overlapping")
    void overlappingWindows() {
        fake.inject(Fault.status(503).on("GET", "/api/v4/groups").during(Duration.ofSeconds(60)));
        InjectedFault later = fake.inject(Fault.status(502).startingAfter(Duration.ofSeconds(30))
                .during(Duration.ofSeconds(60)));

        assertThat(List.of(groups(), users())).containsExactly(503, 200);
        clock.advance(Duration.ofSeconds(40));
        assertThat(List.of(groups(), users())).containsExactly(503, 502);
        clock.advance(Duration.ofSeconds(30));
        assertThat(List.of(groups(), users())).containsExactly(502, 502);
        clock.advance(Duration.ofSeconds(30));
        assertThat(List.of(groups(), users())).containsExactly(200, 200);
        assertThat(later.activeAt(clock.instant())).isFalse();
        assertThat(later.fired()).isEqualTo(3);
    }

    @Test
    @DisplayName("every-Nth, afterRequests and times count matching requests only")
    void counting() {
        fake.inject(Fault.status(500).on("GET", "/api/v4/groups").afterRequests(1).every(2).times(2));
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seen.add(groups());
            users();
        }
        assertThat(seen).containsExactly(200, 200, 500, 200, 500, 200, 200);
    }

    @Test
    @DisplayName("probability is drawn from a seeded source: the same seed gives the same sequence")
    void probabilityIsRepeatable() {
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            InjectedFault f = fake.inject(Fault.status(503).on("GET", "/api/v4/groups").probability(0.3, 7));
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                seen.add(groups());
            }
            f.remove();
            runs.add(seen);
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1)).contains(503, 200);
        assertThat(runs.get(0).stream().filter(s -> s == 503).count()).isBetween(4L, 24L);
    }

    @Test
    @DisplayName("429 kinds: GitLab 17.x endpoint limit without headers, 18.6+ with Retry-After, throttle with all")
    void rateLimitKinds() {
        fake.inject(Fault.endpointRateLimited().on("GET", "/api/v4/groups").times(1));
        Answer bare = wire.get("/api/v4/groups");
        assertThat(bare.status()).isEqualTo(429);
        assertThat(bare.json().path("message").path("error").asText()).startsWith("This endpoint has been requested");
        assertThat(bare.raw().headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("retry-after")
                || h.toLowerCase().startsWith("ratelimit"));

        fake.inject(Fault.endpointRateLimited(60).on("GET", "/api/v4/groups").times(1));
        Answer retry = wire.get("/api/v4/groups");
        assertThat(retry.header("Retry-After")).contains("60");
        assertThat(retry.header("RateLimit-Limit")).isEmpty();

        fake.inject(Fault.rateLimited(7).on("GET", "/api/v4/groups").times(1));
        Answer throttle = wire.get("/api/v4/groups");
        assertThat(throttle.text()).isEqualTo("Retry later\n");
        assertThat(throttle.header("Retry-After")).contains("7");
        assertThat(throttle.header("RateLimit-Name")).isPresent();
        assertThat(groups()).isEqualTo(200);
    }

    @Test
    @DisplayName("the journal tells 'never processed' from 'processed, answer dropped'")
    void journalTellsDropsApart() {
        fake.inject(Fault.dropConnection().on("POST", "/api/v4/groups").times(1));
        assertThatThrownBy(() -> wire.post("/api/v4/groups", "{\"name\":\"a\",\"path\":\"a\"}"))
                .isInstanceOf(UncheckedIOException.class);
        fake.inject(Fault.dropResponse().on("POST", "/api/v4/groups").times(1));
        assertThatThrownBy(() -> wire.post("/api/v4/groups", "{\"name\":\"b\",\"path\":\"b\"}"))
                .isInstanceOf(UncheckedIOException.class);
        fake.inject(Fault.status(503).on("POST", "/api/v4/groups").times(1));
        assertThat(wire.post("/api/v4/groups", "{\"name\":\"c\",\"path\":\"c\"}").status()).isEqualTo(503);
        assertThat(wire.post("/api/v4/groups", "{\"name\":\"d\",\"path\":\"d\"}").status()).isEqualTo(201);

        List<JournalEntry> posts = fake.journal("POST", "/api/v4/groups");
        assertThat(posts).extracting(JournalEntry::status).containsExactly(0, 0, 503, 201);
        assertThat(posts).extracting(JournalEntry::processed).containsExactly(false, true, false, true);
        assertThat(posts).extracting(JournalEntry::answered).containsExactly(false, false, true, true);
        assertThat(wire.get("/api/v4/groups").json().findValuesAsText("path")).containsExactly("b", "d");
    }

    @Test
    @DisplayName("latency delays, then the request goes on to the next rules and the normal answer")
    void latencyThenNormal() {
        fake.inject(Fault.latency(Duration.ofMillis(300)).on("GET", "/api/v4/groups").times(1));
        long t0 = System.nanoTime();
        assertThat(groups()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("seedDemoTree: the sandbox's demo groups and project, root as owner, SAML configured")
    void demoTree() {
        DemoTree tree = fake.seedDemoTree("demo");
        assertThat(wire.get("/api/v4/groups/demo%2Fengineering%2Fbackend").json().path("id").asLong())
                .isEqualTo(tree.backend());
        assertThat(wire.get("/api/v4/groups/" + tree.design()).json().path("parent_id").asLong())
                .isEqualTo(tree.top());
        assertThat(fake.memberLevel(tree.top(), fake.adminUserId())).contains(50);
        assertThat(wire.get("/api/v4/projects/demo%2Fengineering%2Fapi").json().path("id").asLong())
                .isEqualTo(tree.api());
    }
}
