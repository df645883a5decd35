package io.scimlab.gitlab.state.jdbc;

import io.scimlab.gitlab.token.StoredToken;
import io.scimlab.gitlab.token.TokenStore;
import io.scimlab.gitlab.token.TokenType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A {@link TokenStore} in table {@code scimlab_tokens} of the JDBC schema; built by {@link JdbcStorage}. The
 * secret is stored as given: protect the database (encryption at rest, access control) as you protect the token
 * itself.
 */
final class JdbcTokenStore implements TokenStore {
    private static final String COLUMNS = "name, kind, token_id, owner_path, owner_user_id, secret, expires_at, "
            + "version, updated_at";

    private final DataSource dataSource;
    private final ReentrantLock local = new ReentrantLock();

    /** A store on a migrated database. */
    JdbcTokenStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<StoredToken> get(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM scimlab_tokens WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long userId = rs.getLong(5);
                Optional<Long> owner = rs.wasNull() ? Optional.empty() : Optional.of(userId);
                return Optional.of(new StoredToken(rs.getString(1), TokenType.valueOf(rs.getString(2)),
                        rs.getLong(3), Optional.ofNullable(rs.getString(4)), owner, rs.getString(6),
                        Optional.ofNullable(rs.getString(7)).map(LocalDate::parse), rs.getLong(8),
                        Instant.parse(rs.getString(9))));
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("token get", e);
        }
    }

    @Override
    public boolean put(StoredToken t, long expectedVersion) {
        String sql = expectedVersion == 0
                ? "INSERT INTO scimlab_tokens (kind, token_id, owner_path, owner_user_id, secret, expires_at, version, "
                        + "updated_at, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE scimlab_tokens SET kind = ?, token_id = ?, owner_path = ?, owner_user_id = ?, secret = ?, "
                        + "expires_at = ?, version = ?, updated_at = ? WHERE name = ? AND version = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            p.setString(1, t.type().name());
            p.setLong(2, t.tokenId());
            p.setString(3, t.group().orElse(null));
            if (t.serviceAccountUserId().isPresent()) {
                p.setLong(4, t.serviceAccountUserId().get());
            } else {
                p.setNull(4, Types.BIGINT);
            }
            p.setString(5, t.secret());
            p.setString(6, t.expiresAt().map(LocalDate::toString).orElse(null));
            p.setLong(7, t.version());
            p.setString(8, t.updatedAt().toString());
            p.setString(9, t.name());
            if (expectedVersion != 0) {
                p.setLong(10, expectedVersion);
            }
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            if (expectedVersion == 0 && Jdbc.isIntegrityViolation(e)) {
                // The slot is taken: another writer got there first.
                return false;
            }
            throw new JdbcStoreException("token put", e);
        }
    }

    @Override
    public <T> T locked(String name, Supplier<T> work) {
        String row = "token:" + name;
        local.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO scimlab_locks (name) SELECT ? WHERE NOT "
                    + "EXISTS (SELECT 1 FROM scimlab_locks WHERE name = ?)")) {
                p.setString(1, row);
                p.setString(2, row);
                p.executeUpdate();
            } catch (SQLException e) {
                if (!Jdbc.isIntegrityViolation(e)) {
                    throw e;
                }
            }
            c.setAutoCommit(false);
            try {
                try (PreparedStatement p = c.prepareStatement("SELECT name FROM scimlab_locks WHERE name = ? "
                        + "FOR UPDATE")) {
                    p.setString(1, row);
                    p.executeQuery().close();
                }
                T result = work.get();
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                Jdbc.rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("token lock", e);
        } finally {
            local.unlock();
        }
    }

    @Override
    public String toString() {
        return "JdbcTokenStore";
    }
}
