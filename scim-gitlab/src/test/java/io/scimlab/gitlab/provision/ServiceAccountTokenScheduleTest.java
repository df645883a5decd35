package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenPolicy;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenStore;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokens;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service-account token housekeeping: {@code rotateAllDue()} on a schedule that survives failing runs, and the
 * listing of every service account's tokens with their expiry (for the access report).
 */
class ServiceAccountTokenScheduleTest {
    private final List<IssuedToken> issued = new CopyOnWriteArrayList<>();
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger serviceLogger = Logger.getLogger(TokenService.class.getName());
    private FakeGitLab fake;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void start() {
        serviceLogger.addHandler(capture);
        fake = FakeGitLab.builder().mode(FakeGitLab.Mode.SELF_MANAGED).start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        serviceLogger.removeHandler(capture);
        fake.close();
    }

    private Scim bridge(ServiceAccountTokenStore store) {
        ServiceAccountTokenPolicy policy = ServiceAccountTokenPolicy.builder().allowedScopes(List.of("read_api"))
                .maxLifetimeDays(30).rotateBeforeDays(7).build();
        return Scim.of(fake, b -> b.issuedTokenSink(issued::add).serviceAccountTokenPolicy(policy)
                .serviceAccountTokenStore(store));
    }

    private static String bot(Scim s, String name) {
        return s.createUser("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name
                + "\",\"userType\":\"ServiceAccount\",\"emails\":[{\"value\":\"" + name + "@example.com\","
                + "\"primary\":true}],\"active\":true}").id();
    }

    @Test
    void theScheduleRotatesDueTokensAndOutlivesFailingRuns() throws Exception {
        // The store is unreachable for the first two runs.
        AtomicInteger outages = new AtomicInteger(2);
        ServiceAccountTokenStore memory = ServiceAccountTokenStore.inMemory();
        ServiceAccountTokenStore flaky = new ServiceAccountTokenStore() {
            @Override
            public void put(ManagedToken token) {
                memory.put(token);
            }

            @Override
            public Optional<ManagedToken> get(long tokenId) {
                return memory.get(tokenId);
            }

            @Override
            public void remove(long tokenId) {
                memory.remove(tokenId);
            }

            @Override
            public List<ManagedToken> of(String scimUserId) {
                return memory.of(scimUserId);
            }

            @Override
            public List<ManagedToken> all() {
                return memory.all();
            }

            @Override
            public List<ManagedToken> expiringBy(LocalDate date) {
                if (outages.getAndDecrement() > 0) {
                    throw new IllegalStateException("database unreachable");
                }
                return memory.expiringBy(date);
            }
        };
        Scim s = bridge(flaky);
        ServiceAccountTokens tokens = s.bridge.serviceAccountTokens();
        String id = bot(s, "nightly");
        ManagedToken due = tokens.issue(id, "due", List.of("read_api"), 5);
        String dueValue = issued.get(issued.size() - 1).value();
        ManagedToken fresh = tokens.issue(id, "fresh", List.of("read_api"));

        ScheduledFuture<?> task = tokens.schedule(scheduler, Duration.ofMillis(20));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (tokens.tokens(id).contains(due) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(tokens.tokens(id)).contains(fresh).doesNotContain(due).hasSize(2);
        assertThat(fake.tokenActive(dueValue)).isFalse();
        assertThat(fake.tokenActive(issued.get(issued.size() - 1).value())).isTrue();
        assertThat(task.isDone()).as("still scheduled after the failing runs").isFalse();
        assertThat(logged).filteredOn(r -> r.getLevel() == Level.SEVERE).hasSize(2).allSatisfy(r -> assertThat(
                r.getMessage()).isEqualTo("scheduled rotation of service-account tokens failed: "
                        + "IllegalStateException"));
        task.cancel(false);
        assertThatThrownBy(() -> tokens.schedule(scheduler, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theListingNamesEveryServiceAccountsTokensAndTheirExpiry() {
        Scim s = bridge(ServiceAccountTokenStore.inMemory());
        ServiceAccountTokens tokens = s.bridge.serviceAccountTokens();
        assertThat(tokens.tokens()).isEmpty();
        String a = bot(s, "agent-a");
        String b = bot(s, "agent-b");
        ManagedToken b1 = tokens.issue(b, "deploy", List.of("read_api"), 10);
        ManagedToken a1 = tokens.issue(a, "ci", List.of("read_api"));
        ManagedToken a2 = tokens.issue(a, "nightly", List.of("read_api"), 3);
        ManagedToken b2 = tokens.issue(b, "backup", List.of("read_api"), 10);

        List<ManagedToken> all = tokens.tokens();
        assertThat(all).containsExactlyElementsOf(List.of(a1, a2, b1, b2).stream()
                .sorted(Comparator.comparing(ManagedToken::scimUserId).thenComparing(ManagedToken::expiresAt)
                        .thenComparingLong(ManagedToken::tokenId)).toList());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(all).filteredOn(t -> t.scimUserId().equals(a)).extracting(ManagedToken::expiresAt)
                .containsExactly(today.plusDays(3), today.plusDays(30));
        assertThat(all.toString()).doesNotContain(issued.get(0).value());
        tokens.revoke(a, a2.tokenId());
        assertThat(tokens.tokens()).doesNotContain(a2).hasSize(3);
    }
}
