package io.scimlab.gitlab.state.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ServiceAccountTokenStore} in table {@code scimlab_service_account_tokens} of the JDBC schema (migration
 * V3); built by {@link JdbcStorage}. Each operation is one short transaction, so replicas on one database see each
 * other's writes at once and a restarted bridge finds every token it issued. Holds no secret: ids, scopes and
 * dates only.
 */
final class JdbcServiceAccountTokenStore implements ServiceAccountTokenStore {
    private static final String SELECT = "SELECT token_id, scim_user_id, gitlab_user_id, name, scopes, expires_at, "
            + "issued_at FROM scimlab_service_account_tokens";
    /** A put that loses a race with an insert and then with a delete of the same id tries again, this often. */
    private static final int PUT_ATTEMPTS = 3;

    private final Jdbc jdbc;
    private final ObjectMapper json = new ObjectMapper();

    /** A store on a migrated database. */
    JdbcServiceAccountTokenStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void put(ManagedToken token) {
        String scopes = scopes(token.scopes());
        jdbc.run("serviceAccountToken put", c -> {
            for (int attempt = 1; ; attempt++) {
                if (update(c, token, scopes) > 0) {
                    return;
                }
                try {
                    insert(c, token, scopes);
                    return;
                } catch (SQLException e) {
                    if (!Jdbc.isIntegrityViolation(e) || attempt == PUT_ATTEMPTS) {
                        throw e;
                    }
                    // Another replica inserted this id meanwhile; PostgreSQL aborted the transaction, so start over
                    // (the update now finds the row).
                    c.rollback();
                }
            }
        });
    }

    private static int update(Connection c, ManagedToken t, String scopes) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE scimlab_service_account_tokens SET scim_user_id = ?, "
                + "gitlab_user_id = ?, name = ?, scopes = ?, expires_at = ?, issued_at = ? WHERE token_id = ?")) {
            bind(p, t, scopes);
            return p.executeUpdate();
        }
    }

    private static void insert(Connection c, ManagedToken t, String scopes) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO scimlab_service_account_tokens (scim_user_id, "
                + "gitlab_user_id, name, scopes, expires_at, issued_at, token_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bind(p, t, scopes);
            p.executeUpdate();
        }
    }

    private static void bind(PreparedStatement p, ManagedToken t, String scopes) throws SQLException {
        p.setString(1, t.scimUserId());
        p.setLong(2, t.gitlabUserId());
        p.setString(3, t.name());
        p.setString(4, scopes);
        p.setString(5, t.expiresAt().toString());
        p.setString(6, t.issuedAt().toString());
        p.setLong(7, t.tokenId());
    }

    @Override
    public Optional<ManagedToken> get(long tokenId) {
        return select("serviceAccountToken get", " WHERE token_id = ?", p -> p.setLong(1, tokenId)).stream()
                .findFirst();
    }

    @Override
    public void remove(long tokenId) {
        jdbc.tx("serviceAccountToken remove", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM scimlab_service_account_tokens "
                    + "WHERE token_id = ?")) {
                p.setLong(1, tokenId);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public List<ManagedToken> of(String scimUserId) {
        return select("serviceAccountToken of", " WHERE scim_user_id = ? ORDER BY token_id",
                p -> p.setString(1, scimUserId));
    }

    @Override
    public List<ManagedToken> all() {
        return select("serviceAccountToken all", " ORDER BY token_id", p -> { });
    }

    @Override
    public List<ManagedToken> expiringBy(LocalDate date) {
        // ISO dates of fixed width: text order is date order on every database and collation.
        return select("serviceAccountToken expiringBy", " WHERE expires_at <= ? ORDER BY expires_at, token_id",
                p -> p.setString(1, date.toString()));
    }

    /** Binds a query's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private List<ManagedToken> select(String operation, String rest, Binder binder) {
        return jdbc.tx(operation, c -> {
            List<ManagedToken> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(SELECT + rest)) {
                binder.bind(p);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ManagedToken(rs.getString(2), rs.getLong(3), rs.getLong(1), rs.getString(4),
                                scopes(rs.getString(5)), LocalDate.parse(rs.getString(6)),
                                Instant.parse(rs.getString(7))));
                    }
                }
            }
            return out;
        });
    }

    /** Scopes as a JSON array: any scope name round-trips, in order. */
    private String scopes(List<String> scopes) {
        try {
            return json.writeValueAsString(scopes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise token scopes", e);
        }
    }

    private List<String> scopes(String text) {
        try {
            return List.of(json.readValue(text, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored token scopes are not a JSON array of strings", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcServiceAccountTokenStore";
    }
}
