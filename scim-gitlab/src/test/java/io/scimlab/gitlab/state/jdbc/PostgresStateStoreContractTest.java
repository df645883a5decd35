package io.scimlab.gitlab.state.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.StateStoreContract;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The contract on {@link JdbcStateStore} over a real PostgreSQL; skipped unless {@code SCIMLAB_PG_URL} (and
 * {@code SCIMLAB_PG_USER}, {@code SCIMLAB_PG_PASSWORD}) are set, as {@code .ci/run} does.
 */
class PostgresStateStoreContractTest extends StateStoreContract {
    private DataSource db;

    @Override
    protected StateStore create() {
        Optional<DataSource> pg = TestDatabases.postgres();
        assumeTrue(pg.isPresent(), "SCIMLAB_PG_URL is not set");
        db = pg.get();
        return JdbcStorage.builder(db).build().stateStore();
    }

    @Override
    protected StateStore replica() {
        return JdbcStorage.builder(db).build().stateStore();
    }
}
