package io.scimlab.gitlab.state.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Short transactions on a data source: one connection each, committed or rolled back, always closed. */
final class Jdbc {
    /** Work inside a transaction. */
    @FunctionalInterface
    interface Tx<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work inside a transaction that answers nothing. */
    @FunctionalInterface
    interface VoidTx {
        void run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one transaction; a failure rolls it back and becomes a {@link JdbcStoreException}. */
    <T> T tx(String operation, Tx<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new JdbcStoreException(operation, e);
        }
    }

    /** Runs {@code work} in one transaction, as {@link #tx} does. */
    void run(String operation, VoidTx work) {
        tx(operation, c -> {
            work.run(c);
            return Boolean.TRUE;
        });
    }

    static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    /** A unique or primary key violation (SQLSTATE class 23). */
    static boolean isIntegrityViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    /** A lock wait that timed out or a deadlock victim: worth trying again. */
    static boolean isLockFailure(SQLException e) {
        String state = e.getSQLState();
        // H2: HYT00 lock timeout, 40001 deadlock; PostgreSQL: 55P03 lock_not_available, 40P01 deadlock.
        return state != null && (state.equals("HYT00") || state.equals("55P03") || state.startsWith("40"));
    }
}
