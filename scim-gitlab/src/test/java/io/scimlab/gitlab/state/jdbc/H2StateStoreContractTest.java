package io.scimlab.gitlab.state.jdbc;

import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.StateStoreContract;
import javax.sql.DataSource;

/** The contract on {@link JdbcStateStore} over H2 in memory; the replica is a second store on the database. */
class H2StateStoreContractTest extends StateStoreContract {
    private DataSource db;

    @Override
    protected StateStore create() {
        db = TestDatabases.h2();
        return JdbcStorage.builder(db).build().stateStore();
    }

    @Override
    protected StateStore replica() {
        return JdbcStorage.builder(db).build().stateStore();
    }

    @Override
    protected boolean keyed() {
        return false;
    }
}
