package io.scimlab.gitlab.state.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The versioned schema of the JDBC stores ({@link JdbcStateStore}, {@link JdbcTokenStore},
 * {@link JdbcServiceAccountTokenStore}, {@link JdbcAuditStore}): migrations are SQL resources in this jar
 * ({@code V<n>__<name>.sql}), applied in order by {@link JdbcStorage} and recorded in
 * {@code scimlab_schema_version}. Every statement is idempotent, so replicas starting together on one database,
 * or a start after a half-applied migration, converge on the same schema. A migration once released is never
 * edited (a database that applied it would not see the edit): a change is a new {@code V<n+1>} file, listed below.
 */
final class JdbcSchema {
    /** The migrations in order; listing jar resources is not portable, so they are named here. */
    private static final List<String> MIGRATIONS = List.of("V1__state.sql", "V2__tokens.sql",
            "V3__service_account_tokens.sql", "V4__audit.sql", "V5__pending_writes.sql",
            "V6__projects_and_nested_groups.sql");

    private JdbcSchema() {
    }

    /** The migrations' resource names, in order: version {@code n} is element {@code n - 1}. */
    static List<String> migrations() {
        return MIGRATIONS;
    }

    /** The schema version this library needs: the latest migration's. */
    static int latestVersion() {
        return MIGRATIONS.size();
    }

    /**
     * Creates or migrates the schema to {@link #latestVersion()}.
     *
     * @return the schema version found before migrating (0: none)
     * @throws JdbcStoreException when the database refuses a migration
     */
    static int migrate(DataSource dataSource) {
        return migrate(dataSource, latestVersion());
    }

    /**
     * Creates or migrates the schema up to {@code target} only: what an older release of this library left (tests
     * of the upgrade path).
     *
     * @return the schema version found before migrating (0: none)
     * @throws JdbcStoreException when the database refuses a migration
     */
    static int migrate(DataSource dataSource, int target) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (target < 0 || target > latestVersion()) {
            throw new IllegalArgumentException("no schema version " + target);
        }
        @Nullable SQLException last = null;
        // Replicas migrating at the same moment can collide in the catalog (a CREATE ... IF NOT EXISTS racing
        // another on PostgreSQL); a later pass sees the other's work done.
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return migrateOnce(dataSource, target);
            } catch (SQLException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                try {
                    Thread.sleep(20L * (attempt + 1));
                } catch (InterruptedException i) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new JdbcStoreException("schema migration failed", Objects.requireNonNull(last));
    }

    private static int migrateOnce(DataSource dataSource, int target) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS scimlab_schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            }
            int before = current(c);
            for (int v = before + 1; v <= target; v++) {
                String name = MIGRATIONS.get(v - 1);
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(read(name))) {
                        try {
                            s.execute(sql);
                        } catch (SQLException e) {
                            // Idempotent statements: a key violation means another replica just did this one.
                            if (!Jdbc.isIntegrityViolation(e)) {
                                throw e;
                            }
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO scimlab_schema_version (version, "
                        + "description) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM scimlab_schema_version "
                        + "WHERE version = ?)")) {
                    p.setInt(1, v);
                    p.setString(2, name);
                    p.setInt(3, v);
                    p.executeUpdate();
                } catch (SQLException e) {
                    if (!Jdbc.isIntegrityViolation(e)) {
                        throw e;
                    }
                    // Another replica recorded it between our check and insert: the statements are idempotent.
                }
            }
            return before;
        }
    }

    /**
     * The schema version recorded in the database.
     *
     * @return the version (0: no schema yet)
     * @throws JdbcStoreException when no connection can be had
     */
    static int currentVersion(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            try {
                return current(c);
            } catch (SQLException e) {
                // No version table: a database no ScimLab has migrated yet.
                return 0;
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("schema version", e);
        }
    }

    private static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM scimlab_schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String read(String name) {
        try (InputStream in = JdbcSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a migration into statements: {@code --} comments dropped, {@code ;} at a line's end ends one. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("--")) {
                continue;
            }
            cur.append(l).append('\n');
            if (l.endsWith(";")) {
                out.add(cur.substring(0, cur.lastIndexOf(";")).strip());
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
