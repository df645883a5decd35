package io.scimlab.gitlab.serviceaccount;

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
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link ServiceAccountTokenStore}: in memory, and the JDBC store on H2 and on PostgreSQL (when
 * {@code SCIMLAB_PG_URL} is set). Each case gets two instances on the same data, as two replicas have: one
 * instance twice in memory, two stores built separately on one database.
 */
class ServiceAccountTokenStoreContractTest {
    private static final Instant ISSUED = Instant.parse("2026-11-28T10:00:00.123456789Z");

    /** Two instances on the same data. */
    record Pair(ServiceAccountTokenStore a, ServiceAccountTokenStore b) {
    }

    static Stream<Arguments> stores() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("memory", (Supplier<Pair>) () -> {
            ServiceAccountTokenStore mem = ServiceAccountTokenStore.inMemory();
            return new Pair(mem, mem);
        }));
        out.add(Arguments.of("h2", (Supplier<Pair>) () -> {
            DataSource db = TestDatabases.h2();
            return new Pair(JdbcStorage.builder(db).build().serviceAccountTokenStore(),
                    JdbcStorage.builder(db).build().serviceAccountTokenStore());
        }));
        out.add(Arguments.of("postgresql", (Supplier<Pair>) () -> {
            Optional<DataSource> pg = TestDatabases.postgres();
            assumeTrue(pg.isPresent(), "SCIMLAB_PG_URL is not set");
            return new Pair(JdbcStorage.builder(pg.get()).build().serviceAccountTokenStore(),
                    JdbcStorage.builder(pg.get()).build().serviceAccountTokenStore());
        }));
        return out.stream();
    }

    private static ManagedToken token(String user, long tokenId, String name, LocalDate expires) {
        return new ManagedToken(user, 1000 + Long.parseLong(user), tokenId, name, List.of("read_api"), expires,
                ISSUED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void putFindReplaceAndRemove(String name, Supplier<Pair> stores) {
        Pair p = stores.get();
        assertThat(p.a().get(7)).isEmpty();
        assertThat(p.a().all()).isEmpty();

        // Every field round-trips exactly: scope order, an empty scope list, nanoseconds, any text in a name.
        ManagedToken t = new ManagedToken("42", 4242, 7, "release-bot 'ü\" , x", List.of("read_repository",
                "read_api", "write_registry"), LocalDate.of(2026, 12, 31), ISSUED);
        p.a().put(t);
        assertThat(p.a().get(7)).contains(t);
        assertThat(p.b().get(7)).contains(t);
        ManagedToken bare = new ManagedToken("42", 4242, 8, "bare", List.of(), LocalDate.of(2027, 1, 1),
                Instant.EPOCH);
        p.b().put(bare);
        assertThat(p.a().get(8)).contains(bare);

        // A put on a known id replaces the record (another instance's write included).
        ManagedToken renewed = new ManagedToken("42", 4242, 7, "release-bot", List.of("read_api"),
                LocalDate.of(2027, 2, 1), ISSUED.plusSeconds(60));
        p.b().put(renewed);
        assertThat(p.a().get(7)).contains(renewed);
        assertThat(p.a().all()).containsExactly(renewed, bare);

        // Removing (what a rotation or revocation does) is seen by the other instance; an unknown id is a no-op.
        p.a().remove(7);
        assertThat(p.b().get(7)).isEmpty();
        assertThat(p.b().of("42")).containsExactly(bare);
        p.b().remove(7);
        p.b().remove(999);
        assertThat(p.a().all()).containsExactly(bare);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void listsPerAccountOldestFirst(String name, Supplier<Pair> stores) {
        Pair p = stores.get();
        ManagedToken a30 = token("1", 30, "a30", LocalDate.of(2027, 1, 1));
        ManagedToken b20 = token("2", 20, "b20", LocalDate.of(2027, 1, 1));
        ManagedToken a10 = token("1", 10, "a10", LocalDate.of(2028, 1, 1));
        ManagedToken a25 = token("1", 25, "a25", LocalDate.of(2026, 1, 1));
        p.a().put(a30);
        p.b().put(b20);
        p.a().put(a10);
        p.b().put(a25);
        assertThat(p.a().of("1")).containsExactly(a10, a25, a30);
        assertThat(p.b().of("2")).containsExactly(b20);
        assertThat(p.b().of("3")).isEmpty();
        assertThat(p.a().all()).containsExactly(a10, b20, a25, a30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void listsTheTokensDueForRotation(String name, Supplier<Pair> stores) {
        Pair p = stores.get();
        LocalDate due = LocalDate.of(2026, 12, 7);
        ManagedToken expired = token("1", 5, "expired", LocalDate.of(2026, 11, 1));
        ManagedToken onTheDay = token("2", 3, "on-the-day", due);
        ManagedToken sameDayLowerId = token("1", 1, "same-day", due);
        ManagedToken dayAfter = token("1", 2, "day-after", due.plusDays(1));
        ManagedToken nextYear = token("3", 4, "next-year", LocalDate.of(2027, 1, 10));
        // Put out of order: the list is by expiry, then token id, whatever the insertion order.
        for (ManagedToken t : List.of(nextYear, onTheDay, dayAfter, expired, sameDayLowerId)) {
            p.a().put(t);
        }
        assertThat(p.b().expiringBy(due)).containsExactly(expired, sameDayLowerId, onTheDay);
        assertThat(p.b().expiringBy(LocalDate.of(2026, 10, 31))).isEmpty();
        assertThat(p.b().expiringBy(LocalDate.of(2030, 1, 1))).containsExactly(expired, sameDayLowerId, onTheDay,
                dayAfter, nextYear);
        p.b().remove(5);
        assertThat(p.a().expiringBy(due)).containsExactly(sameDayLowerId, onTheDay);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void concurrentWritersOnTwoInstancesLoseNothing(String name, Supplier<Pair> stores) throws Exception {
        Pair p = stores.get();
        int writers = 4;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                ServiceAccountTokenStore s = w % 2 == 0 ? p.a() : p.b();
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        // Distinct ids, and one id every writer puts: inserts racing on one key must not fail.
                        s.put(token("1", 1000 + writer * each + i, "w" + writer, LocalDate.of(2027, 1, 1)));
                        s.put(token("2", 1, "shared-" + writer, LocalDate.of(2027, 1, 1)));
                        if (i % 5 == 4) {
                            s.remove(1);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(p.a().of("1")).hasSize(writers * each);
        assertThat(p.b().of("1")).extracting(ManagedToken::tokenId).doesNotHaveDuplicates();
        // The shared id holds one writer's whole record, or none (a remove came last).
        p.a().get(1).ifPresent(t -> assertThat(t.name()).startsWith("shared-"));
        p.a().put(token("2", 1, "last", LocalDate.of(2027, 1, 1)));
        assertThat(p.b().get(1)).map(ManagedToken::name).contains("last");
    }
}
