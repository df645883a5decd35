package io.scimlab.gitlab.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.state.UserRecord;
import io.scimlab.gitlab.testsupport.UrlDataSource;
import io.scimlab.gitlab.token.StoredToken;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one {@link JdbcStorage} writes, a storage built later on the same database (the bridge restarted, a new
 * connection to it) reads: on an H2 file database closed in between, and on PostgreSQL.
 */
class JdbcStorageRestartTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void h2FileDatabaseClosedAndReopened(@TempDir Path dir) {
        // No DB_CLOSE_DELAY: H2 closes the file when the last connection closes, and the stores keep none open.
        String url = "jdbc:h2:file:" + dir.resolve("scimlab").toAbsolutePath() + ";LOCK_TIMEOUT=10000";
        survivesARestart(() -> new UrlDataSource(url, "sa", ""));
    }

    @Test
    void postgresql() {
        Optional<DataSource> pg = TestDatabases.postgres();
        assumeTrue(pg.isPresent(), "SCIMLAB_PG_URL is not set");
        UrlDataSource u = (UrlDataSource) pg.get();
        survivesARestart(() -> new UrlDataSource(u.url(), u.user(), u.password()));
    }

    /** Writes with one storage, drops it, then reads and rotates with a storage on a new data source. */
    private static void survivesARestart(Supplier<DataSource> connect) {
        JdbcStorage before = JdbcStorage.builder(connect.get()).build();
        UserRecord user = new UserRecord("u1", 11, "bot@example.com", Optional.empty(), true,
                new ObjectMapper().createObjectNode().put("userType", "ServiceAccount"), 1, NOW, NOW);
        before.stateStore().putUser(user);
        ManagedToken due = new ManagedToken("u1", 11, 7, "nightly", List.of("read_api"), LocalDate.of(2026, 12, 1),
                NOW);
        ManagedToken later = new ManagedToken("u1", 11, 8, "release", List.of("read_api", "read_repository"),
                LocalDate.of(2027, 6, 1), NOW);
        before.serviceAccountTokenStore().put(due);
        before.serviceAccountTokenStore().put(later);
        StoredToken admin = StoredToken.personal("admin", 5, "glpat-secret", LocalDate.of(2027, 1, 1), NOW);
        assertThat(before.tokenStore().put(admin, 0)).isTrue();

        JdbcStorage after = JdbcStorage.builder(connect.get()).build();
        assertThat(after.stateStore().user("u1")).contains(user);
        assertThat(after.serviceAccountTokenStore().of("u1")).containsExactly(due, later);
        assertThat(after.serviceAccountTokenStore().expiringBy(LocalDate.of(2026, 12, 7))).containsExactly(due);
        assertThat(after.tokenStore().get("admin")).contains(admin);

        // A rotation after the restart (remove the old id, put the new one) is what the next start sees.
        ManagedToken rotated = new ManagedToken("u1", 11, 9, "nightly", List.of("read_api"),
                LocalDate.of(2026, 12, 31), NOW.plusSeconds(3600));
        after.serviceAccountTokenStore().remove(7);
        after.serviceAccountTokenStore().put(rotated);
        JdbcStorage third = JdbcStorage.builder(connect.get()).migrate(false).build();
        assertThat(third.serviceAccountTokenStore().all()).containsExactly(later, rotated);
        assertThat(third.serviceAccountTokenStore().expiringBy(LocalDate.of(2026, 12, 7))).isEmpty();
    }
}
