package io.scimlab.gitlab.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditQuery;
import io.scimlab.gitlab.audit.AuditStore;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenStore;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.PendingWrite;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import io.scimlab.gitlab.token.StoredToken;
import io.scimlab.gitlab.token.TokenStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JdbcSchemaTest {
    /**
     * The SHA-256 of every released migration (line ends normalised). A database that applied one never sees an
     * edit to it, so a change goes into a new migration; a new migration adds its line here.
     */
    private static final Map<String, String> RELEASED = Map.of(
            "V1__state.sql", "4929c3fa84afb9856e8fc529c08f8bf2c9dd995985975816f31a4589760a1912",
            "V2__tokens.sql", "6fa74fd9349913df5e3746cd6d2aac47409c3c1785390f5de782cecf8da1615f",
            "V3__service_account_tokens.sql", "2b032c850cea78030757a6ab8393afbaf96fe9e435600544e7f0b47e27aaed70",
            "V4__audit.sql", "b25ebebe03ec4875b02f6df2611421c1144f02e728e60bf9f6b35a529d8ff3c5",
            "V5__pending_writes.sql", "0bf5dc844a8f3e61d3ba59d77b576f744a5c0218929ab1792463d9912c176cb1",
            "V6__projects_and_nested_groups.sql", "03f6ca09093cc677af922782c86cb08d48dda2670c7c593b47e4447946c6d999");

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void migrationsRunOnceAndAreRecorded() throws Exception {
        DataSource db = TestDatabases.h2();
        assertThat(JdbcSchema.currentVersion(db)).isZero();
        assertThat(JdbcSchema.migrate(db)).isZero();
        assertThat(JdbcSchema.currentVersion(db)).isEqualTo(JdbcSchema.latestVersion());
        assertThat(JdbcSchema.migrate(db)).isEqualTo(JdbcSchema.latestVersion());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM scimlab_schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(JdbcSchema.latestVersion());
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM scimlab_locks")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void replicasStartingTogetherConvergeOnOneSchema() {
        DataSource db = TestDatabases.h2();
        List<CompletableFuture<JdbcStorage>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> JdbcStorage.builder(db).build()));
        }
        starts.forEach(CompletableFuture::join);
        assertThat(JdbcSchema.currentVersion(db)).isEqualTo(JdbcSchema.latestVersion());
    }

    @Test
    void statementsSplitOnLineEndSemicolonsAndSkipComments() {
        assertThat(JdbcSchema.statements("-- c\nCREATE TABLE a (x INT);\n\nINSERT INTO a\n VALUES (1);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "INSERT INTO a\nVALUES (1)");
    }

    @Test
    void releasedMigrationsAreNeverEdited() throws Exception {
        assertThat(JdbcSchema.migrations()).hasSize(JdbcSchema.latestVersion());
        assertThat(RELEASED.keySet()).containsExactlyInAnyOrderElementsOf(JdbcSchema.migrations());
        for (int v = 1; v <= JdbcSchema.latestVersion(); v++) {
            String name = JdbcSchema.migrations().get(v - 1);
            assertThat(name).startsWith("V" + v + "__").endsWith(".sql");
            try (InputStream in = JdbcSchema.class.getResourceAsStream(name)) {
                assertThat(in).as(name).isNotNull();
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
                assertThat(sha).as(name + " was edited after its release: add a new migration instead")
                        .isEqualTo(RELEASED.get(name));
            }
        }
    }

    @Test
    void withoutMigratingTheBuildRefusesAnOutdatedSchema() {
        DataSource db = TestDatabases.h2();
        assertThatThrownBy(() -> JdbcStorage.builder(db).migrate(false).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("version 0")
                .hasMessageContaining("needs version " + JdbcSchema.latestVersion());
        JdbcSchema.migrate(db, JdbcSchema.latestVersion() - 1);
        assertThatThrownBy(() -> JdbcStorage.builder(db).migrate(false).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version " + (JdbcSchema.latestVersion() - 1));
        // Nothing was migrated by the refused builds.
        assertThat(JdbcSchema.currentVersion(db)).isEqualTo(JdbcSchema.latestVersion() - 1);
        JdbcSchema.migrate(db);
        JdbcStorage storage = JdbcStorage.builder(db).migrate(false).build();
        assertThat(storage.serviceAccountTokenStore().all()).isEmpty();
        assertThat(storage.toString()).contains("v" + JdbcSchema.latestVersion());
    }

    static Stream<Arguments> upgrades() {
        List<Arguments> out = new ArrayList<>();
        for (String db : List.of("h2", "postgresql")) {
            IntStream.range(0, JdbcSchema.latestVersion()).forEach(v -> out.add(Arguments.of(db, v)));
        }
        return out.stream();
    }

    /**
     * A database an earlier release left at version {@code from}, with data in every table that version has,
     * upgrades to the latest schema on the next start and keeps that data.
     */
    @ParameterizedTest(name = "{0} from v{1}")
    @MethodSource("upgrades")
    void aDatabaseAtAnEarlierVersionUpgradesAndKeepsItsData(String database, int from) throws Exception {
        DataSource db = database.equals("h2") ? TestDatabases.h2() : postgres();
        JdbcSchema.migrate(db, from);
        assertThat(JdbcSchema.currentVersion(db)).isEqualTo(from);
        UserRecord user = new UserRecord("u1", 11, "ada@example.com", Optional.of("x-ada"), true,
                new ObjectMapper().createObjectNode().put("userName", "ada@example.com"), 1, NOW, NOW);
        GroupRecord group = new GroupRecord("g1", "Devs", Optional.empty(), Set.of("u1"), 1, NOW, NOW);
        ManagedMembership managed = new ManagedMembership(11, "acme/devs", AccessLevel.DEVELOPER, Optional.empty(),
                Optional.empty());
        StoredToken token = StoredToken.personal("admin", 5, "glpat-secret", LocalDate.of(2027, 1, 1), NOW);
        if (from >= 1) {
            // Written by the stores this version had (their SQL for users and groups without member groups is
            // unchanged since; a marker row as version 1 wrote it, without the kind version 6 added).
            StateStore old = new JdbcStateStore(db, Duration.ofSeconds(5));
            old.putUser(user);
            assertThat(old.putGroup(group, 0)).isTrue();
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO scimlab_managed (gitlab_user_id, group_path, access_level) "
                        + "VALUES (11, 'acme/devs', 30)");
            }
        }
        if (from >= 2) {
            assertThat(new JdbcTokenStore(db).put(token, 0)).isTrue();
        }

        JdbcStorage storage = JdbcStorage.builder(db).build();

        assertThat(JdbcSchema.currentVersion(db)).isEqualTo(JdbcSchema.latestVersion());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, description FROM scimlab_schema_version "
                        + "ORDER BY version")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getInt(1) + " " + rs.getString(2));
            }
            assertThat(rows).containsExactlyElementsOf(IntStream.rangeClosed(1, JdbcSchema.latestVersion())
                    .mapToObj(v -> v + " " + JdbcSchema.migrations().get(v - 1)).toList());
        }
        StateStore state = storage.stateStore();
        TokenStore tokens = storage.tokenStore();
        if (from >= 1) {
            assertThat(state.user("u1")).contains(user);
            assertThat(state.group("g1")).contains(group);
            assertThat(state.managedOf(11)).containsExactly(managed);
        }
        if (from >= 2) {
            assertThat(tokens.get("admin")).contains(token);
        }
        // Every table of the latest version works, and the replicas' lock row is there.
        assertThat(state.exclusive(() -> "locked")).isEqualTo("locked");
        assertThat(tokens.put(StoredToken.personal("other", 6, "s", LocalDate.of(2027, 1, 1), NOW), 0)).isTrue();
        ServiceAccountTokenStore sa = storage.serviceAccountTokenStore();
        ManagedToken t = new ManagedToken("u1", 11, 9, "bot", List.of("read_api"), LocalDate.of(2026, 12, 1), NOW);
        sa.put(t);
        assertThat(sa.expiringBy(LocalDate.of(2026, 12, 1))).containsExactly(t);
        AuditStore audit = storage.auditStore();
        audit.record(AuditEvent.builder().time(NOW).correlationId("c").principal("p").operation("upgrade")
                .outcome(AuditEvent.Outcome.SUCCESS).scimUserIds(List.of("u1")).build());
        assertThat(audit.query(AuditQuery.builder().scimUserId("u1").build()).records()).hasSize(1);
        assertThat(audit.verify().intact()).isTrue();
        PendingWrite pending = new PendingWrite("member", "11 acme/devs", NOW, "corr");
        state.putPending(pending);
        assertThat(state.pendingOfKind("member")).containsExactly(pending);
        // Version 6: project markers and nested groups.
        ManagedMembership project = new ManagedMembership(11, MemberSource.project("acme/devs-api"),
                AccessLevel.MAINTAINER, Optional.empty(), Optional.empty());
        state.putManaged(project);
        assertThat(state.managedOf(11)).contains(project);
        GroupRecord parent = new GroupRecord("g2", "All", Optional.empty(), Set.of(), Set.of("g1"), 1, NOW, NOW);
        assertThat(state.putGroup(parent, 0)).isTrue();
        assertThat(state.parentsOf("g1")).containsExactly(parent);
    }

    private static DataSource postgres() {
        Optional<DataSource> pg = TestDatabases.postgres();
        assumeTrue(pg.isPresent(), "SCIMLAB_PG_URL is not set");
        return pg.get();
    }
}
