package io.scimlab.gitlab.state.jdbc;

import io.scimlab.gitlab.state.LockKey;
import io.scimlab.gitlab.state.LockUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The replicas' write locks on the database, for {@link JdbcStateStore}. Each section holds one connection in a
 * transaction that only locks (the work's own statements commit on other connections as they go), so the database
 * releases everything when the holder commits, rolls back or dies.
 *
 * <p>PostgreSQL: transaction-scoped advisory locks, one per {@link LockKey} on a 64-bit key (SHA-256 of the schema and
 * the key), taken in ascending order of that number in one statement, under {@code lock_timeout} set to the store's
 * wait; a keyed section also holds a shared advisory lock on the schema's global key, which {@link #exclusive} takes
 * exclusively. H2: one row lock ({@code SELECT ... FOR UPDATE} on {@code scimlab_locks}) for every section, keyed or
 * not: coarse, and enough for an embedded or test database. A wait past the bound, or a deadlock the database broke
 * (possible only for keys taken inside a section), is a {@link LockUnavailableException}.
 */
final class JdbcLocks {
    private final DataSource dataSource;
    private final Duration lockWait;
    // H2 only: this replica's writers queue here before the row lock, each not holding a connection while it waits.
    private final ReentrantLock local = new ReentrantLock();
    // Per store, not static: the connection a thread holds belongs to this store's database.
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<Section> current = new ThreadLocal<>();
    private volatile @Nullable Dialect dialect;

    /** What the database offers: advisory locks (PostgreSQL, with the schema the keys are hashed with) or not. */
    private record Dialect(boolean advisory, String schema) {
    }

    /** The section a thread is in: its lock connection and the advisory keys it holds. */
    private static final class Section {
        final Connection connection;
        final boolean global;
        final Set<Long> keys = new HashSet<>();

        Section(Connection connection, boolean global) {
            this.connection = connection;
            this.global = global;
        }
    }

    JdbcLocks(DataSource dataSource, Duration lockWait) {
        this.dataSource = dataSource;
        this.lockWait = lockWait;
    }

    <T> T locked(Set<LockKey> keys, Supplier<T> work) {
        Dialect d = dialect();
        if (!d.advisory()) {
            return exclusive(work);
        }
        long[] ids = keys.stream().mapToLong(k -> hash(d.schema(), k.toString())).distinct().sorted().toArray();
        Section in = current.get();
        if (in != null) {
            long[] missing = Arrays.stream(ids).filter(id -> !in.global && !in.keys.contains(id)).toArray();
            if (missing.length > 0) {
                lockEach(in, missing, "locked");
            }
            return work.get();
        }
        return section(false, s -> lockEach(s, ids, "locked"), work);
    }

    <T> T exclusive(Supplier<T> work) {
        Section in = current.get();
        if (in != null && in.global) {
            return work.get();
        }
        Dialect d = dialect();
        if (!d.advisory()) {
            local.lock();
            try {
                return section(true, this::lockRow, work);
            } finally {
                local.unlock();
            }
        }
        if (in != null) {
            // Keyed, then the whole store: the upgrade waits for every other keyed section, bounded.
            advisory(in.connection, "SELECT pg_advisory_xact_lock(?)", global(d), "exclusive");
            return work.get();
        }
        return section(true, s -> advisory(s.connection, "SELECT pg_advisory_xact_lock(?)", global(d),
                "exclusive"), work);
    }

    /** Locks with {@code lock} on a new connection, runs the work, then commits, which releases the locks. */
    private <T> T section(boolean global, LockStep lock, Supplier<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Section s = new Section(c, global);
            try {
                lock.take(s);
                current.set(s);
                T result = work.get();
                // Nothing was written on this connection; commit ends the transaction and releases the locks.
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                Jdbc.rollback(c, e instanceof Exception x ? x : new RuntimeException(e));
                throw e;
            } finally {
                current.remove();
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("locked", e);
        }
    }

    @FunctionalInterface
    private interface LockStep {
        void take(Section s) throws SQLException;
    }

    /** The shared global key, then the keys in ascending order, in one statement; bounded by lock_timeout. */
    private void lockEach(Section s, long[] ids, String op) {
        try {
            if (s.keys.isEmpty()) {
                try (PreparedStatement p = s.connection.prepareStatement("SELECT set_config('lock_timeout', ?, "
                        + "true), pg_advisory_xact_lock_shared(?)")) {
                    p.setString(1, Math.max(1, lockWait.toMillis()) + "ms");
                    p.setLong(2, global(dialect()));
                    p.executeQuery().close();
                }
            }
            Array array = s.connection.createArrayOf("bigint", Arrays.stream(ids).boxed().toArray());
            // unnest yields the array in order, and each row's lock is taken as the row is produced.
            try (PreparedStatement p = s.connection.prepareStatement("SELECT pg_advisory_xact_lock(k) FROM "
                    + "unnest(?::bigint[]) AS t(k)")) {
                p.setArray(1, array);
                p.executeQuery().close();
            }
            Arrays.stream(ids).forEach(s.keys::add);
        } catch (SQLException e) {
            throw failure(op, e);
        }
    }

    private void advisory(Connection c, String sql, long key, String op) {
        try {
            try (PreparedStatement p = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
                p.setString(1, Math.max(1, lockWait.toMillis()) + "ms");
                p.executeQuery().close();
            }
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, key);
                p.executeQuery().close();
            }
        } catch (SQLException e) {
            throw failure(op, e);
        }
    }

    private static RuntimeException failure(String op, SQLException e) {
        if (Jdbc.isLockFailure(e)) {
            return new LockUnavailableException(op + ": the write lock was not free in time (SQLSTATE "
                    + e.getSQLState() + ")", e);
        }
        return new JdbcStoreException(op, e);
    }

    /** Takes the write lock row, retrying lock timeouts (H2's default wait is short) up to {@code lockWait}. */
    private void lockRow(Section s) throws SQLException {
        Connection c = s.connection;
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (true) {
            try (PreparedStatement p = c.prepareStatement("SELECT name FROM scimlab_locks WHERE name = ? FOR UPDATE")) {
                p.setString(1, "writes");
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("lock row missing: schema not migrated", "55000");
                    }
                    return;
                }
            } catch (SQLException e) {
                if (!Jdbc.isLockFailure(e)) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw failure("exclusive", e);
                }
                c.rollback();
            }
        }
    }

    private Dialect dialect() {
        Dialect d = dialect;
        if (d == null) {
            try (Connection c = dataSource.getConnection()) {
                boolean pg = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                        .contains("postgresql");
                String schema = "";
                if (pg) {
                    try (PreparedStatement p = c.prepareStatement("SELECT current_schema()");
                            ResultSet rs = p.executeQuery()) {
                        schema = rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
                    }
                }
                d = new Dialect(pg, schema);
                dialect = d;
            } catch (SQLException e) {
                throw new JdbcStoreException("locked", e);
            }
        }
        return d;
    }

    private static long global(Dialect d) {
        return hash(d.schema(), "\u0000global");
    }

    /**
     * A key's advisory lock number: advisory locks are per database, so the schema is part of it (replicas of
     * different deployments in one database do not contend); a collision only makes two keys share a lock.
     */
    static long hash(String schema, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("scimlab\u0000" + schema + "\u0000").getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest(key.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
