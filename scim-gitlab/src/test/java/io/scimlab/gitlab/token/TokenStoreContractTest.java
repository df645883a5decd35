package io.scimlab.gitlab.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.gitlab.state.jdbc.TestDatabases;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every TokenStore: compare-and-set puts, secrets kept out of toString, and a lock two instances share. */
class TokenStoreContractTest {
    /** A pair of stores on the same data (the same instance in memory). */
    record Pair(TokenStore a, TokenStore b) {
    }

    static Stream<Arguments> stores() {
        List<Arguments> out = new ArrayList<>();
        InMemoryTokenStore mem = new InMemoryTokenStore();
        out.add(Arguments.of("memory", (Supplier<Pair>) () -> new Pair(mem, mem)));
        out.add(Arguments.of("h2", (Supplier<Pair>) () -> {
            DataSource db = TestDatabases.h2();
            return new Pair(JdbcStorage.builder(db).build().tokenStore(), JdbcStorage.builder(db).build().tokenStore());
        }));
        out.add(Arguments.of("postgresql", (Supplier<Pair>) () -> {
            Optional<DataSource> pg = TestDatabases.postgres();
            assumeTrue(pg.isPresent(), "SCIMLAB_PG_URL is not set");
            return new Pair(JdbcStorage.builder(pg.get()).build().tokenStore(),
                    JdbcStorage.builder(pg.get()).build().tokenStore());
        }));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void putsAreComparedAndSet(String name, Supplier<Pair> stores) {
        Pair p = stores.get();
        Instant now = Instant.parse("2026-11-28T10:00:00.5Z");
        StoredToken t = StoredToken.personal("admin-" + name, 5, "glpat-secret-value", LocalDate.of(2026, 12, 31),
                now);
        assertThat(p.a().get(t.name())).isEmpty();
        assertThat(p.a().put(t, 0)).isTrue();
        assertThat(p.b().put(t, 0)).isFalse();
        assertThat(p.b().get(t.name())).contains(t);
        StoredToken next = t.rotated(6, "glpat-next", Optional.empty(), now.plusSeconds(1));
        assertThat(p.b().put(next, 1)).isTrue();
        assertThat(p.a().put(next, 1)).isFalse();
        assertThat(p.a().get(t.name())).contains(next);
        StoredToken group = new StoredToken("group-" + name, TokenType.SERVICE_ACCOUNT, 9, Optional.of("acme/x"),
                Optional.of(77L), "s", Optional.of(LocalDate.of(2027, 1, 1)), 1, now);
        assertThat(p.a().put(group, 0)).isTrue();
        assertThat(p.b().get(group.name())).contains(group);
        assertThat(next.toString() + p.a()).doesNotContain("glpat-next");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theRotationLockExcludesTheOtherInstance(String name, Supplier<Pair> stores) throws Exception {
        Pair p = stores.get();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TokenStore s = i % 2 == 0 ? p.a() : p.b();
                done.add(pool.submit(() -> {
                    for (int j = 0; j < 10; j++) {
                        s.locked("slot", () -> {
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            inside.decrementAndGet();
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlaps).hasValue(0);
    }
}
