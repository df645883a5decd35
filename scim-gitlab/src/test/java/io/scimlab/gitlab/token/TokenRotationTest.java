package io.scimlab.gitlab.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.AccessToken;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.NewAccessToken;
import io.scimlab.gitlab.api.NewServiceAccount;
import io.scimlab.gitlab.api.RetryPolicy;
import io.scimlab.gitlab.api.ServiceAccount;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.gitlab.token.InMemoryTokenStore;
import io.scimlab.gitlab.token.StoredToken;
import io.scimlab.gitlab.token.TokenRotator;
import io.scimlab.gitlab.token.TokenStore;
import io.scimlab.gitlab.token.TokenType;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge's own token: rotated before expiry by the clock, switched under load, and a revoked token. */
class TokenRotationTest {
    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(5))
            .maxBackoff(Duration.ofMillis(20)).jitter(0.5)
            .maxRateLimitRetries(5).maxRateLimitWait(Duration.ofSeconds(5)).build();

    private FakeGitLab fake;
    private final MutableClock clock = new MutableClock();
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private final TokenStore store = new InMemoryTokenStore();
    private String initial;

    @BeforeEach
    void start() {
        fake = FakeGitLab.selfManaged();
        initial = fake.seedToken(fake.adminUserId());
        // Valid for 10 more days, by the rotator's clock.
        fake.setTokenExpiry(initial, LocalDate.now(clock).plusDays(10));
        store.put(StoredToken.personal("gitlab-admin", fake.tokenId(initial).orElseThrow(), initial,
                LocalDate.now(clock).plusDays(10), clock.instant()), 0);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private TokenRotator rotator() {
        return TokenRotator.builder(store, "gitlab-admin").clock(clock).rotateBefore(Period.ofDays(7))
                .lifetime(Period.ofDays(30)).auditSink(audit::add).build();
    }

    private GitLabClient client(TokenRotator rotator) {
        return GitLabClient.builder().baseUrl(fake.baseUrl()).tokenSupplier(rotator.tokenSource()).retryPolicy(FAST)
                .requestsPerMinute(0).build();
    }

    @Test
    void rotatesOnlyWhenTheClockSaysItIsDueAndSwitchesTheClient() {
        TokenRotator rotator = rotator();
        GitLabClient client = client(rotator);
        assertThat(rotator.rotateIfDue(client)).isFalse();
        clock.advance(Duration.ofDays(2));
        assertThat(rotator.rotateIfDue(client)).isFalse();
        clock.advance(Duration.ofDays(1));
        assertThat(rotator.due()).isTrue();
        assertThat(rotator.rotateIfDue(client)).isTrue();

        StoredToken now = store.get("gitlab-admin").orElseThrow();
        assertThat(now.version()).isEqualTo(2);
        assertThat(now.secret()).isNotEqualTo(initial);
        assertThat(now.expiresAt()).contains(LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(30));
        assertThat(fake.tokenActive(initial)).isFalse();
        assertThat(fake.tokenActive(now.secret())).isTrue();
        assertThat(fake.tokenExpiry(now.secret())).contains(now.expiresAt().orElseThrow().toString());
        assertThat(client.users().get(fake.adminUserId()).id()).isEqualTo(fake.adminUserId());
        assertThat(rotator.rotateIfDue(client)).isFalse();

        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
            assertThat(e.path()).isEqualTo("/api/v4/personal_access_tokens/self/rotate");
            assertThat(e.toJson().toString()).doesNotContain(initial).doesNotContain(now.secret());
        });
        assertThat(now.toString() + rotator + rotator.tokenSource() + client).doesNotContain(now.secret())
                .doesNotContain(initial);
    }

    @Test
    void aSecondReplicaFindsTheTokenRotatedAndDoesNotRotateAgain() {
        TokenRotator a = rotator();
        TokenRotator b = rotator();
        GitLabClient ca = client(a);
        GitLabClient cb = client(b);
        assertThat(cb.users().get(1).id()).isEqualTo(1);
        clock.advance(Duration.ofDays(5));
        assertThat(a.rotateIfDue(ca)).isTrue();
        assertThat(b.rotateIfDue(cb)).isFalse();
        // b still holds the revoked value: the 401 makes it reload and repeat, so the caller sees no failure.
        assertThat(cb.users().get(1).id()).isEqualTo(1);
        assertThat(fake.tokenActive(store.get("gitlab-admin").orElseThrow().secret())).isTrue();
        assertThat(audit).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.SUCCESS);
    }

    /** A store whose puts fail while {@code failing} is positive (counting down), like a database outage. */
    private TokenStore flaky(AtomicInteger failing) {
        return new TokenStore() {
            @Override
            public Optional<StoredToken> get(String name) {
                return store.get(name);
            }

            @Override
            public boolean put(StoredToken token, long expectedVersion) {
                if (failing.getAndDecrement() > 0) {
                    throw new IllegalStateException("database is down");
                }
                return store.put(token, expectedVersion);
            }

            @Override
            public <T> T locked(String name, java.util.function.Supplier<T> work) {
                return store.locked(name, work);
            }
        };
    }

    @Test
    void aFailedStoreOfTheRotatedTokenIsRetried() {
        AtomicInteger failing = new AtomicInteger(2);
        TokenRotator rotator = TokenRotator.builder(flaky(failing), "gitlab-admin").clock(clock)
                .rotateBefore(Period.ofDays(7)).lifetime(Period.ofDays(30)).auditSink(audit::add).build();
        GitLabClient client = client(rotator);
        clock.advance(Duration.ofDays(5));
        assertThat(rotator.rotateIfDue(client)).isTrue();
        // Two failures, then the short retry stores it.
        assertThat(store.get("gitlab-admin").orElseThrow().version()).isEqualTo(2);
        assertThat(store.get("gitlab-admin").orElseThrow().secret()).isEqualTo(rotator.current().secret());
        assertThat(audit).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void aRotatedTokenTheStoreKeptRefusingIsStoredOnTheNextCheck() {
        AtomicInteger failing = new AtomicInteger(100);
        TokenRotator rotator = TokenRotator.builder(flaky(failing), "gitlab-admin").clock(clock)
                .rotateBefore(Period.ofDays(7)).lifetime(Period.ofDays(30)).auditSink(audit::add).build();
        GitLabClient client = client(rotator);
        clock.advance(Duration.ofDays(5));
        assertThat(rotator.rotateIfDue(client)).isTrue();
        String fresh = rotator.current().secret();
        assertThat(fresh).isNotEqualTo(initial);
        assertThat(store.get("gitlab-admin").orElseThrow().version()).isEqualTo(1);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
            assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("storing the new value failed")
                    .doesNotContain(fresh));
        });
        // The client keeps working with the in-memory value.
        assertThat(client.users().get(fake.adminUserId()).id()).isEqualTo(fake.adminUserId());

        // The store is back: the next check stores the newer in-memory token instead of stepping back.
        failing.set(0);
        assertThat(rotator.rotateIfDue(client)).isFalse();
        StoredToken stored = store.get("gitlab-admin").orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.secret()).isEqualTo(fresh);
        // Another replica now reads the working token.
        assertThat(client(rotator()).users().get(fake.adminUserId()).id()).isEqualTo(fake.adminUserId());
    }

    @Test
    void requestsInFlightDuringRotationsNeverFail() throws Exception {
        TokenRotator rotator = rotator();
        GitLabClient client = client(rotator);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        client.users().get(fake.adminUserId());
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }
        int rotations = 0;
        for (int i = 0; i < 10; i++) {
            Thread.sleep(30);
            // Each step makes the current token due: 30-day tokens, rotated 7 days before expiry.
            clock.advance(Duration.ofDays(24));
            if (rotator.rotateIfDue(client)) {
                rotations++;
            }
        }
        Thread.sleep(30);
        stop.set(true);
        for (Future<?> f : workers) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(rotations).isEqualTo(10);
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
        assertThat(store.get("gitlab-admin").orElseThrow().version()).isEqualTo(11);
    }

    @Test
    void aRevokedTokenGivesOne503AuditEventAndNoLoopOf401s() {
        TokenRotator rotator = rotator();
        GitLabClient client = client(rotator);
        GitLabBridge bridge = GitLabBridge.builder().selfManaged(client).auditSink(audit::add).build();
        fake.revokeToken(initial);
        fake.clearJournal();
        RequestContext ctx = new RequestContext("okta", Optional.empty(), "corr", Map.of());
        for (int attempt = 0; attempt < 3; attempt++) {
            int n = attempt;
            assertThatThrownBy(() -> bridge.users().create(ResourceReader.standard().readRequest(("{\"schemas\":"
                    + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"u" + n + "\",\"emails\":"
                    + "[{\"value\":\"u" + n + "@example.com\",\"primary\":true}],\"name\":{\"givenName\":\"U\","
                    + "\"familyName\":\"V\"}}").getBytes(StandardCharsets.UTF_8),
                    SchemaRegistry.standard().requireResourceType("User")), ctx))
                    .isInstanceOfSatisfying(ScimException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.detail()).isEqualTo("the bridge cannot authenticate to GitLab; retry later");
                    });
        }
        // One request reached GitLab; the retries failed fast on the refused token.
        assertThat(fake.journal()).hasSize(1);
        assertThat(audit.stream().filter(e -> e.principal().equals("token-rotator"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
                    assertThat(e.detail().orElseThrow()).contains("refused the bridge's token");
                });

        // An operator stores a new token: the bridge picks it up without a restart.
        String fresh = fake.seedToken(fake.adminUserId());
        StoredToken old = store.get("gitlab-admin").orElseThrow();
        assertThat(store.put(old.rotated(fake.tokenId(fresh).orElseThrow(), fresh, Optional.of(LocalDate.now()
                .plusDays(30)), clock.instant()), old.version())).isTrue();
        await(() -> {
            client.users().get(1);
            return true;
        });
    }

    @Test
    void anExpiredTokenIsReportedAsExpired() {
        TokenRotator rotator = rotator();
        GitLabClient client = client(rotator);
        fake.setTokenExpiry(initial, LocalDate.now().minusDays(1));
        clock.advance(Duration.ofDays(11));
        assertThatThrownBy(() -> client.users().get(1)).isInstanceOfSatisfying(GitLabException.class,
                e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAUTHORIZED));
        assertThatThrownBy(() -> client.users().get(1)).isInstanceOf(GitLabException.class);
        assertThat(audit).singleElement().satisfies(e -> assertThat(e.detail().orElseThrow())
                .contains("expired"));
    }

    @Test
    void serviceAccountTokensRotateThroughTheServiceAccountEndpoint() {
        long top = fake.seedGroup("acme");
        GitLabClient admin = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken()).retryPolicy(FAST)
                .requestsPerMinute(0).build();
        ServiceAccount sa = admin.serviceAccounts().create(GroupRef.id(top), new NewServiceAccount(Optional.of("bridge"),
                Optional.of("bridge-sa"), Optional.empty()));
        AccessToken t = admin.accessTokens().createServiceAccount(GroupRef.id(top), sa.id(), new NewAccessToken("scimlab",
                List.of("api"), Optional.of(LocalDate.now(clock).plusDays(3))));
        TokenStore sas = new InMemoryTokenStore();
        sas.put(new StoredToken("sa", TokenType.SERVICE_ACCOUNT, t.id(), Optional.of("acme"), Optional.of(sa.id()),
                t.token().orElseThrow(), t.expiresAt(), 1, clock.instant()), 0);
        TokenRotator rotator = TokenRotator.builder(sas, "sa").clock(clock).auditSink(audit::add).build();
        GitLabClient client = client(rotator);
        assertThat(rotator.rotateIfDue(client)).isTrue();
        StoredToken now = sas.get("sa").orElseThrow();
        assertThat(fake.tokenActive(t.token().orElseThrow())).isFalse();
        assertThat(fake.tokenActive(now.secret())).isTrue();
        assertThat(audit).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo(
                "/api/v4/groups/acme/service_accounts/" + sa.id() + "/personal_access_tokens/" + t.id() + "/rotate"));
    }

    private static void await(java.util.concurrent.Callable<Boolean> check) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                if (check.call()) {
                    return;
                }
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met", e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
