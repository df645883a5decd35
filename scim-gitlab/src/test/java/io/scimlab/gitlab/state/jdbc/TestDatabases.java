package io.scimlab.gitlab.state.jdbc;

import io.scimlab.gitlab.testsupport.UrlDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The databases the JDBC tests run on: a fresh H2 in memory always, PostgreSQL when SCIMLAB_PG_URL is set. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /**
     * A new, empty H2 database in memory, kept while the JVM runs.
     *
     * @return the data source
     */
    public static DataSource h2() {
        // LOCK_TIMEOUT: the replicas' write lock is held for a whole SCIM write.
        return new UrlDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "sa", "");
    }

    /**
     * PostgreSQL from {@code SCIMLAB_PG_URL}, {@code SCIMLAB_PG_USER}, {@code SCIMLAB_PG_PASSWORD}, emptied of
     * ScimLab's tables.
     *
     * @return the data source, or empty when the variables are unset
     */
    public static Optional<DataSource> postgres() {
        String url = System.getenv("SCIMLAB_PG_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        DataSource ds = new UrlDataSource(url, System.getenv().getOrDefault("SCIMLAB_PG_USER", "postgres"),
                System.getenv().getOrDefault("SCIMLAB_PG_PASSWORD", ""));
        drop(ds);
        return Optional.of(ds);
    }

    /**
     * Drops every ScimLab table ({@code scimlab_*} in the current schema, whichever migration made it), so each
     * test starts from an empty schema.
     */
    static void drop(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name FROM "
                    + "information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE "
                    + "'scimlab\\_%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            try (Statement s = c.createStatement()) {
                for (String t : tables) {
                    s.execute("DROP TABLE IF EXISTS " + t);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the PostgreSQL test database", e);
        }
    }
}
