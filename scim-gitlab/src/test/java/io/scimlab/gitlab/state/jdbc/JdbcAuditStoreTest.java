package io.scimlab.gitlab.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.audit.AuditChain;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditFormat;
import io.scimlab.gitlab.audit.AuditHead;
import io.scimlab.gitlab.audit.AuditPage;
import io.scimlab.gitlab.audit.AuditQuery;
import io.scimlab.gitlab.audit.AuditRecord;
import io.scimlab.gitlab.audit.AuditStore;
import io.scimlab.gitlab.audit.AuditVerification;
import io.scimlab.gitlab.testsupport.Csv;
import io.scimlab.gitlab.testsupport.UrlDataSource;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDBC audit store on H2 and PostgreSQL: numbering, the hash chain and what {@code verify} finds after each kind
 * of tampering (done with plain SQL, as someone with database access would), concurrent appenders, queries,
 * paging and exports.
 */
class JdbcAuditStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00.123456789Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static UrlDataSource db(String database) {
        if (database.equals("h2")) {
            return (UrlDataSource) TestDatabases.h2();
        }
        Optional<DataSource> pg = TestDatabases.postgres();
        assumeTrue(pg.isPresent(), "SCIMLAB_PG_URL is not set");
        return (UrlDataSource) pg.get();
    }

    private static AuditStore store(DataSource db) {
        return JdbcStorage.builder(db).build().auditStore();
    }

    /** An event with every field set, varied by {@code i}. */
    private static AuditEvent event(int i) {
        return AuditEvent.builder().time(T0.plusSeconds(i)).correlationId("corr-" + i).principal("okta")
                .operation("PATCH /Users/" + i).method("PUT").path("/api/v4/users/" + (100 + i))
                .before("name=Ann \"A\", Jr.\nline two").after("name=Änn")
                .outcome(i % 3 == 0 ? AuditEvent.Outcome.FAILURE : AuditEvent.Outcome.SUCCESS)
                .detail(i % 3 == 0 ? Optional.of("409 taken") : Optional.empty())
                .scimUserIds(List.of(Integer.toString(i))).gitlabUserIds(List.of(100L + i)).build();
    }

    private static List<AuditRecord> all(AuditStore store) {
        List<AuditRecord> out = new ArrayList<>();
        for (Optional<AuditQuery> q = Optional.of(AuditQuery.builder().pageSize(1000).build()); q.isPresent(); ) {
            AuditPage p = store.query(q.get());
            out.addAll(p.records());
            q = p.next();
        }
        return out;
    }

    private static void sql(DataSource db, String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    // ------------------------------------------------------------------------------------ append and verify

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void eventsAreNumberedChainedAndReadBackExactly(String database) {
        AuditStore store = store(db(database));
        assertThat(store.head()).isEqualTo(AuditHead.empty());
        assertThat(store.verify().intact()).isTrue();
        AuditEvent bare = AuditEvent.builder().time(Instant.parse("2026-11-28T10:00:00Z")).correlationId("c")
                .principal("reconciler").operation("reconcile").outcome(AuditEvent.Outcome.NO_CHANGE)
                .before("").build();
        AuditEvent batch = event(2).toBuilder().scimUserIds(List.of("7", "8", "9")).gitlabUserIds(List.of(7L, 8L, 9L))
                .scimGroupId("g-1").gitlabPath("acme/eng").build();
        List<AuditEvent> events = List.of(event(1), batch, bare);
        events.forEach(store::record);

        List<AuditRecord> stored = all(store);
        assertThat(stored).extracting(AuditRecord::event).containsExactlyElementsOf(events);
        assertThat(stored).extracting(AuditRecord::sequence).containsExactly(1L, 2L, 3L);
        String previous = AuditChain.GENESIS;
        for (AuditRecord r : stored) {
            assertThat(r.trail()).isEqualTo("default");
            assertThat(r.hash()).isEqualTo(AuditChain.hash("default", r.sequence(), previous, r.event()));
            previous = r.hash();
        }
        assertThat(store.head()).isEqualTo(new AuditHead(3, previous));
        AuditVerification v = store.verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.eventsChecked()).isEqualTo(3);
        assertThat(v.lastChecked()).isEqualTo(store.head());
        assertThat(store.verify(new AuditHead(2, stored.get(1).hash())).intact()).isTrue();
    }

    /** One way to tamper with a trail of five events, and the break verify() must report. */
    record Tamper(String name, String sql, long sequence, AuditVerification.Problem problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> tampering() {
        List<Tamper> cases = List.of(
                new Tamper("principal edited", "UPDATE scimlab_audit_events SET principal = 'mallory' WHERE seq = 3",
                        3, AuditVerification.Problem.ALTERED),
                new Tamper("outcome edited", "UPDATE scimlab_audit_events SET outcome = 'SUCCESS', detail = NULL "
                        + "WHERE seq = 3", 3, AuditVerification.Problem.ALTERED),
                new Tamper("time edited", "UPDATE scimlab_audit_events SET event_time = "
                        + "'2026-11-28T09:00:00.000000000Z' WHERE seq = 2", 2, AuditVerification.Problem.ALTERED),
                new Tamper("path edited", "UPDATE scimlab_audit_events SET path = '/api/v4/users/1' WHERE seq = 4",
                        4, AuditVerification.Problem.ALTERED),
                new Tamper("before cleared", "UPDATE scimlab_audit_events SET before_state = NULL WHERE seq = 1",
                        1, AuditVerification.Problem.ALTERED),
                new Tamper("outcome unreadable", "UPDATE scimlab_audit_events SET outcome = 'OOPS' WHERE seq = 2",
                        2, AuditVerification.Problem.ALTERED),
                new Tamper("hash edited", "UPDATE scimlab_audit_events SET hash = '" + "a".repeat(64)
                        + "' WHERE seq = 3", 3, AuditVerification.Problem.ALTERED),
                new Tamper("subject edited", "UPDATE scimlab_audit_subjects SET subject = '99' WHERE seq = 4 AND "
                        + "kind = 'U'", 4, AuditVerification.Problem.ALTERED),
                new Tamper("subject deleted", "DELETE FROM scimlab_audit_subjects WHERE seq = 2 AND kind = 'G'",
                        2, AuditVerification.Problem.ALTERED),
                new Tamper("subject added", "INSERT INTO scimlab_audit_subjects (trail, seq, kind, pos, subject) "
                        + "VALUES ('default', 3, 'U', 1, 'ghost')", 3, AuditVerification.Problem.ALTERED),
                new Tamper("middle event deleted", "DELETE FROM scimlab_audit_events WHERE seq = 3", 3,
                        AuditVerification.Problem.MISSING),
                new Tamper("first event deleted", "DELETE FROM scimlab_audit_events WHERE seq = 1", 1,
                        AuditVerification.Problem.MISSING),
                new Tamper("last event deleted", "DELETE FROM scimlab_audit_events WHERE seq = 5", 5,
                        AuditVerification.Problem.MISSING),
                new Tamper("events renumbered", "UPDATE scimlab_audit_events SET seq = seq + 10 WHERE seq = 5", 5,
                        AuditVerification.Problem.MISSING),
                new Tamper("head moved back", "UPDATE scimlab_audit_heads SET seq = 4", 4,
                        AuditVerification.Problem.HEAD_MISMATCH),
                new Tamper("head hash edited", "UPDATE scimlab_audit_heads SET hash = '" + "b".repeat(64) + "'", 5,
                        AuditVerification.Problem.HEAD_MISMATCH),
                new Tamper("head deleted", "DELETE FROM scimlab_audit_heads", 5,
                        AuditVerification.Problem.HEAD_MISMATCH));
        List<Arguments> out = new ArrayList<>();
        for (String db : List.of("h2", "postgresql")) {
            cases.forEach(c -> out.add(Arguments.of(db, c)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("tampering")
    void verifyNamesTheFirstBrokenLink(String database, Tamper tamper) {
        UrlDataSource db = db(database);
        AuditStore store = store(db);
        IntStream.rangeClosed(1, 5).forEach(i -> store.record(event(i)));
        assertThat(store.verify().intact()).isTrue();

        sql(db, tamper.sql());

        AuditVerification v = store.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.sequence()).as(b.detail()).isEqualTo(tamper.sequence());
            assertThat(b.problem()).as(b.detail()).isEqualTo(tamper.problem());
            assertThat(b.detail()).isNotBlank();
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void onlyARecordedHeadRevealsATruncatedOrRewrittenEnd(String database) {
        UrlDataSource db = db(database);
        AuditStore store = store(db);
        IntStream.rangeClosed(1, 5).forEach(i -> store.record(event(i)));
        AuditHead anchor = store.head();
        AuditRecord fourth = all(store).get(3);

        // The last event and the head moved back with it: the chain alone is consistent.
        sql(db, "DELETE FROM scimlab_audit_events WHERE seq = 5");
        sql(db, "DELETE FROM scimlab_audit_subjects WHERE seq = 5");
        sql(db, "UPDATE scimlab_audit_heads SET seq = 4, hash = ?", fourth.hash());
        assertThat(store.verify().intact()).isTrue();
        AuditVerification v = store.verify(anchor);
        assertThat(v.firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.sequence()).isEqualTo(5);
            assertThat(b.problem()).isEqualTo(AuditVerification.Problem.MISSING);
        });

        // Event 4 rewritten with its hash, the head recomputed too: found only against a head recorded earlier.
        AuditEvent forged = fourth.event().toBuilder().principal("mallory").build();
        String third = all(store).get(2).hash();
        String forgedHash = AuditChain.hash("default", 4, third, forged);
        sql(db, "UPDATE scimlab_audit_events SET principal = 'mallory', hash = ? WHERE seq = 4", forgedHash);
        sql(db, "UPDATE scimlab_audit_heads SET hash = ?", forgedHash);
        assertThat(store.verify().intact()).isTrue();
        assertThat(store.verify(new AuditHead(4, fourth.hash())).firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.sequence()).isEqualTo(4);
            assertThat(b.problem()).isEqualTo(AuditVerification.Problem.HEAD_MISMATCH);
        });
        // Appends go on from the (forged) head: the store never rewrites or renumbers.
        store.record(event(6));
        assertThat(store.head().sequence()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anEventWrittenAroundTheStoreIsFound(String database) {
        UrlDataSource db = db(database);
        AuditStore store = store(db);
        IntStream.rangeClosed(1, 3).forEach(i -> store.record(event(i)));
        // A well-formed event with a correct chain hash, inserted without moving the head.
        AuditEvent extra = AuditEvent.builder().time(T0).correlationId("forged").principal("okta").operation("op")
                .method("DELETE").path("/api/v4/users/1").outcome(AuditEvent.Outcome.SUCCESS).build();
        String hash = AuditChain.hash("default", 4, store.head().hash(), extra);
        sql(db, "INSERT INTO scimlab_audit_events (trail, seq, format_version, event_time, correlation_id, principal, "
                + "operation, method, path, outcome, hash) VALUES ('default', 4, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
                AuditChain.time(extra.time()), extra.correlationId(), extra.principal(), extra.operation(),
                extra.method(), extra.path(), "SUCCESS", hash);
        assertThat(store.query(AuditQuery.builder().correlationId("forged").build()).records())
                .singleElement().satisfies(r -> assertThat(r.event()).isEqualTo(extra));
        assertThat(store.verify().firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.sequence()).isEqualTo(4);
            assertThat(b.problem()).isEqualTo(AuditVerification.Problem.HEAD_MISMATCH);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void twoReplicasAppendingAtOnceBuildOneGapFreeChain(String database) throws Exception {
        UrlDataSource db = db(database);
        AuditStore first = store(db);
        // A second replica: its own storage and data source on the same database.
        AuditStore second = store(new UrlDataSource(db.url(), db.user(), db.password()));
        int threads = 3;
        int each = 20;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int t = 0; t < 2 * threads; t++) {
            AuditStore replica = t % 2 == 0 ? first : second;
            int writer = t;
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < each; i++) {
                    replica.record(event(i).toBuilder().correlationId("w" + writer + "-" + i).build());
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();

        int total = 2 * threads * each;
        List<AuditRecord> stored = all(first);
        assertThat(stored).extracting(AuditRecord::sequence)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, total).mapToObj(i -> (long) i).toList());
        Set<String> ids = new HashSet<>();
        stored.forEach(r -> ids.add(r.event().correlationId()));
        assertThat(ids).hasSize(total);
        assertThat(first.verify().intact()).isTrue();
        assertThat(second.verify().eventsChecked()).isEqualTo(total);
        assertThat(second.head()).isEqualTo(first.head());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void trailsAreChainsOfTheirOwn(String database) {
        JdbcStorage storage = JdbcStorage.builder(db(database)).build();
        AuditStore a = storage.auditStore("bridge-a");
        AuditStore b = storage.auditStore("bridge-b");
        assertThat(storage.auditStore("bridge-a")).isSameAs(a);
        a.record(event(1));
        a.record(event(2));
        b.record(event(3));
        assertThat(all(a)).extracting(AuditRecord::sequence).containsExactly(1L, 2L);
        assertThat(all(b)).singleElement().satisfies(r -> {
            assertThat(r.sequence()).isEqualTo(1);
            assertThat(r.trail()).isEqualTo("bridge-b");
            assertThat(r.event()).isEqualTo(event(3));
        });
        assertThat(a.verify().intact()).isTrue();
        assertThat(b.verify().intact()).isTrue();
        assertThat(storage.auditStore().head()).isEqualTo(AuditHead.empty());
        assertThatThrownBy(() -> storage.auditStore("")).isInstanceOf(IllegalArgumentException.class);
    }

    // -------------------------------------------------------------------------------------------- queries

    /** Events 1..8 with distinct subjects, for the filter table. */
    private static List<AuditEvent> subjects() {
        AuditEvent.Builder base = AuditEvent.builder().principal("okta").operation("op").method("POST")
                .path("/api/v4/x").outcome(AuditEvent.Outcome.SUCCESS).correlationId("corr-a");
        return List.of(
                base.time(T0).scimUserIds(List.of("u1")).gitlabUserIds(List.of(11L)).build(),
                base.time(T0.plusSeconds(1)).scimUserIds(List.of("u2", "u1")).gitlabUserIds(List.of(12L, 11L))
                        .scimGroupId("g1").gitlabPath("acme/eng").build(),
                base.time(T0.plusSeconds(2)).scimUserIds(List.of("u2")).gitlabUserIds(List.of(12L))
                        .scimGroupId(Optional.empty()).gitlabPath("acme/ops").build(),
                base.time(T0.plusSeconds(3)).correlationId("corr-b").principal("entra").scimUserIds(List.of("u3"))
                        .gitlabUserIds(List.of(13L)).gitlabPath(Optional.empty()).build(),
                base.time(T0.plusSeconds(4)).correlationId("corr-b").principal("reconciler").scimUserIds(List.of())
                        .gitlabUserIds(List.of(111L)).outcome(AuditEvent.Outcome.FAILURE).build(),
                base.time(T0.plusSeconds(5)).principal("okta").correlationId("corr-c").scimUserIds(List.of("u11"))
                        .gitlabUserIds(List.of()).scimGroupId("g1").gitlabPath("acme/eng/sub")
                        .outcome(AuditEvent.Outcome.SUCCESS).build());
    }

    static Stream<Arguments> filters() {
        List<Object[]> cases = List.of(
                new Object[] {"scimUserId u1", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .scimUserId("u1"), List.of(1L, 2L)},
                new Object[] {"scimUserId u2", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .scimUserId("u2"), List.of(2L, 3L)},
                new Object[] {"scimUserId none", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .scimUserId("u"), List.of()},
                new Object[] {"scimGroupId", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .scimGroupId("g1"), List.of(2L, 6L)},
                new Object[] {"gitlabUserId 11", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .gitlabUserId(11), List.of(1L, 2L)},
                new Object[] {"gitlabUserId 111", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .gitlabUserId(111), List.of(5L)},
                new Object[] {"gitlabPath exact", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .gitlabPath("acme/eng"), List.of(2L)},
                new Object[] {"principal", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .principal("entra"), List.of(4L)},
                new Object[] {"correlationId", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .correlationId("corr-b"), List.of(4L, 5L)},
                new Object[] {"outcome", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .outcome(AuditEvent.Outcome.FAILURE), List.of(5L)},
                new Object[] {"from inclusive", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .from(T0.plusSeconds(4)), List.of(5L, 6L)},
                new Object[] {"until exclusive", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .until(T0.plusSeconds(1)), List.of(1L)},
                new Object[] {"time range, nanoseconds", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .from(T0.plusNanos(1)).until(T0.plusSeconds(2).plusNanos(1)), List.of(2L, 3L)},
                new Object[] {"combined", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .scimUserId("u2").gitlabPath("acme/ops").principal("okta"), List.of(3L)},
                new Object[] {"newest first", (Function<AuditQuery.Builder, AuditQuery.Builder>) b -> b
                        .principal("okta").newestFirst(), List.of(6L, 3L, 2L, 1L)});
        List<Arguments> out = new ArrayList<>();
        for (String db : List.of("h2", "postgresql")) {
            cases.forEach(c -> out.add(Arguments.of(db, c[0], c[1], c[2])));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("filters")
    void eachFilterSelectsExactlyItsEvents(String database, String name,
            Function<AuditQuery.Builder, AuditQuery.Builder> filter, List<Long> expected) {
        AuditStore store = store(db(database));
        subjects().forEach(store::record);
        AuditPage page = store.query(filter.apply(AuditQuery.builder()).build());
        assertThat(page.records()).extracting(AuditRecord::sequence).containsExactlyElementsOf(expected);
        assertThat(page.next()).isEmpty();
        // The records come back whole, subjects included.
        page.records().forEach(r -> assertThat(r.event()).isEqualTo(subjects().get((int) r.sequence() - 1)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void pagesFollowTheSequenceAndAppendsBetweenPagesRepeatNothing(String database) {
        AuditStore store = store(db(database));
        IntStream.rangeClosed(1, 25).forEach(i -> store.record(event(i)));
        AuditPage first = store.query(AuditQuery.builder().pageSize(10).build());
        assertThat(first.records()).extracting(AuditRecord::sequence)
                .containsExactlyElementsOf(seqs(1, 10));
        assertThat(first.next()).hasValueSatisfying(q -> assertThat(q.after()).hasValue(10));
        // Appended while paging: reached at the end, never repeated.
        store.record(event(26));
        AuditPage second = store.query(first.next().orElseThrow());
        assertThat(second.records()).extracting(AuditRecord::sequence)
                .containsExactlyElementsOf(seqs(11, 20));
        AuditPage third = store.query(second.next().orElseThrow());
        assertThat(third.records()).extracting(AuditRecord::sequence)
                .containsExactlyElementsOf(seqs(21, 26));
        assertThat(third.next()).isEmpty();

        // Exactly a page's worth left: the last full page says so.
        AuditPage exact = store.query(AuditQuery.builder().after(16).pageSize(10).build());
        assertThat(exact.records()).hasSize(10);
        assertThat(exact.next()).isEmpty();

        AuditPage newest = store.query(AuditQuery.builder().newestFirst().pageSize(4).build());
        assertThat(newest.records()).extracting(AuditRecord::sequence).containsExactly(26L, 25L, 24L, 23L);
        AuditPage older = store.query(newest.next().orElseThrow());
        assertThat(older.records()).extracting(AuditRecord::sequence).containsExactly(22L, 21L, 20L, 19L);
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void exportsWriteEveryMatchingEventPageByPage(String database) throws Exception {
        AuditStore store = store(db(database));
        IntStream.rangeClosed(1, 7).forEach(i -> store.record(event(i)));
        store.record(event(8).toBuilder().operation("=HYPERLINK(\"http://evil\")").principal("-okta").build());
        AuditQuery query = AuditQuery.builder().pageSize(3).build();

        StringWriter lines = new StringWriter();
        assertThat(store.export(query, AuditFormat.JSON_LINES, lines)).isEqualTo(8);
        List<String> jsonLines = lines.toString().lines().toList();
        assertThat(lines.toString()).endsWith("\n");
        assertThat(jsonLines).hasSize(8);
        List<AuditRecord> stored = all(store);
        for (int i = 0; i < 8; i++) {
            assertThat(jsonLines.get(i)).isEqualTo(JSON.writeValueAsString(stored.get(i).toJson()));
        }
        assertThat(JSON.readTree(jsonLines.get(0)).path("before").asText()).isEqualTo("name=Ann \"A\", Jr.\nline two");

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        assertThat(store.export(query.toBuilder().scimUserId("8").build(), AuditFormat.CSV, csv)).isEqualTo(1);
        List<List<String>> rows = Csv.parse(csv.toString(StandardCharsets.UTF_8));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("trail", "sequence", "time").endsWith("hash");
        List<String> row = rows.get(1);
        assertThat(row.get(1)).isEqualTo("8");
        assertThat(row.get(4)).isEqualTo("'-okta");
        assertThat(row.get(5)).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(row.get(8)).isEqualTo("name=Ann \"A\", Jr.\nline two");
        assertThat(row.get(12)).isEqualTo("8");
        assertThat(row.get(16)).isEqualTo(stored.get(7).hash());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anUnreachableDatabaseFailsTheAppendWithTheStoresException(String database) {
        UrlDataSource db = db(database);
        AuditStore store = JdbcStorage.builder(db).build().auditStore();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE scimlab_audit_heads");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThatThrownBy(() -> store.record(event(1))).isInstanceOf(JdbcStoreException.class)
                .hasMessageStartingWith("audit append");
    }
}
