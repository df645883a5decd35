package io.scimlab.gitlab.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class JdbcSchemaTest {
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
        List<CompletableFuture<JdbcStateStore>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> JdbcStateStore.builder(db).build()));
        }
        starts.forEach(CompletableFuture::join);
        assertThat(JdbcSchema.currentVersion(db)).isEqualTo(JdbcSchema.latestVersion());
    }

    @Test
    void statementsSplitOnLineEndSemicolonsAndSkipComments() {
        assertThat(JdbcSchema.statements("-- c\nCREATE TABLE a (x INT);\n\nINSERT INTO a\n VALUES (1);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "INSERT INTO a\nVALUES (1)");
    }
}
