package io.scimlab.gitlab.state.jdbc;

import io.scimlab.gitlab.audit.AuditStore;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenStore;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.token.TokenStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Every durable store of the bridge on one relational database through plain JDBC: PostgreSQL in production, H2
 * embedded or in tests. The application supplies the {@link DataSource} (and its pool, if any); {@link
 * Builder#build()} creates or migrates the schema once, from versioned, idempotent SQL in this jar recorded in
 * {@code scimlab_schema_version}, so replicas starting together on one database agree.
 *
 * <p>Several replicas on one database behave as one bridge: the {@link #stateStore()} locks each SCIM write's users
 * and groups (PostgreSQL advisory locks per key, so writes that share none run at once; one row lock on H2; released
 * by the database when a replica dies) and compare-and-sets group versions; the
 * {@link #tokenStore()} rotates the bridge's GitLab token on one replica at a time; the
 * {@link #serviceAccountTokenStore()} lets any replica, or the bridge after a restart, rotate and revoke the
 * service-account tokens another one issued; the {@link #auditStore()} keeps one tamper-evident audit trail for
 * all of them. Each store may also be used alone.
 *
 * <pre>{@code
 * JdbcStorage storage = JdbcStorage.builder(dataSource).build();
 * GitLabBridge bridge = GitLabBridge.builder().selfManaged(admin)
 *         .stateStore(storage.stateStore())
 *         .serviceAccountTokenStore(storage.serviceAccountTokenStore())
 *         .auditSink(storage.auditStore())
 *         .build();
 * }</pre>
 */
public final class JdbcStorage {
    private final StateStore stateStore;
    private final TokenStore tokenStore;
    private final ServiceAccountTokenStore serviceAccountTokenStore;
    private final DataSource dataSource;
    private final Duration lockWait;
    private final Map<String, AuditStore> auditStores = new ConcurrentHashMap<>();

    private JdbcStorage(Builder b) {
        this.stateStore = new JdbcStateStore(b.dataSource, b.lockWait);
        this.tokenStore = new JdbcTokenStore(b.dataSource);
        this.serviceAccountTokenStore = new JdbcServiceAccountTokenStore(b.dataSource);
        this.dataSource = b.dataSource;
        this.lockWait = b.lockWait;
    }

    /**
     * A builder.
     *
     * @param dataSource the database; each store operation takes one connection from it and closes it
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * What GitLab cannot hold: SCIM ids, external ids, groups and their members, managed memberships; and the
     * replicas' write locks. One instance per storage, so its locks are reentrant within this process.
     *
     * @return the state store for {@code GitLabBridge.Builder.stateStore}
     */
    public StateStore stateStore() {
        return stateStore;
    }

    /**
     * The bridge's own GitLab token, for {@code TokenRotator}. The secret is stored as given: protect the database
     * (encryption at rest, access control) as you protect the token itself.
     *
     * @return the token store
     */
    public TokenStore tokenStore() {
        return tokenStore;
    }

    /**
     * The ids, scopes and expiry dates of the service-account tokens the bridge issued (never their values).
     *
     * @return the store for {@code GitLabBridge.Builder.serviceAccountTokenStore}
     */
    public ServiceAccountTokenStore serviceAccountTokenStore() {
        return serviceAccountTokenStore;
    }

    /**
     * The audit trail named {@code default}: {@link #auditStore(String)}.
     *
     * @return the store for {@code GitLabBridge.Builder.auditSink}
     */
    public AuditStore auditStore() {
        return auditStore("default");
    }

    /**
     * A durable, tamper-evident audit trail: each event appended with the next sequence number of the trail and its
     * SHA-256 chain hash, in one transaction that replicas on this database take turns at (the same wait bound as
     * the write lock, {@link Builder#lockWait}); queries, exports and {@link AuditStore#verify()} on top. Each
     * append takes a connection of its own from the data source, while the SCIM write that caused it holds another
     * one (the write lock): size a pool for two connections per concurrent write. Trails are independent chains,
     * e.g. one per bridge when several bridges share a database.
     *
     * @param trail the trail's name, 1 to 100 characters
     * @return the store (the same instance for the same name)
     */
    public AuditStore auditStore(String trail) {
        Objects.requireNonNull(trail, "trail");
        if (trail.isEmpty() || trail.length() > 100) {
            throw new IllegalArgumentException("a trail name has 1 to 100 characters");
        }
        return auditStores.computeIfAbsent(trail, t -> new JdbcAuditStore(dataSource, t, lockWait));
    }

    @Override
    public String toString() {
        return "JdbcStorage[schema v" + JdbcSchema.latestVersion() + "]";
    }

    /** Configures a {@link JdbcStorage}. */
    public static final class Builder {
        private final DataSource dataSource;
        private Duration lockWait = Duration.ofSeconds(30);
        private boolean migrate = true;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * How long a SCIM write waits for its write locks before failing (the SCIM answer is 503 with {@code
         * Retry-After}), and an audit append for its trail's head (default 30 seconds).
         *
         * @param value the wait
         * @return this builder
         */
        public Builder lockWait(Duration value) {
            Objects.requireNonNull(value, "lockWait");
            if (value.isNegative()) {
                throw new IllegalArgumentException("lockWait must not be negative");
            }
            this.lockWait = value;
            return this;
        }

        /**
         * Whether {@link #build()} creates or migrates the schema (default true). Turn it off when a DBA applies
         * the migrations: the resources {@code io/scimlab/gitlab/state/jdbc/V<n>__<name>.sql} of this jar, in
         * order, each recorded as a row {@code (version, description)} of {@code scimlab_schema_version}; the
         * build then only checks that the database has them all.
         *
         * @param value whether to migrate
         * @return this builder
         */
        public Builder migrate(boolean value) {
            this.migrate = value;
            return this;
        }

        /**
         * Builds the stores, migrating the schema first unless turned off.
         *
         * @return the storage
         * @throws JdbcStoreException    when the database cannot be reached or refuses a migration
         * @throws IllegalStateException when migrating is turned off and the database lacks a migration
         */
        public JdbcStorage build() {
            if (migrate) {
                JdbcSchema.migrate(dataSource);
            } else {
                int found = JdbcSchema.currentVersion(dataSource);
                if (found < JdbcSchema.latestVersion()) {
                    // Fail at start rather than at the first write to a table that does not exist.
                    throw new IllegalStateException("the database's ScimLab schema is at version " + found
                            + ", this library needs version " + JdbcSchema.latestVersion()
                            + ": apply the missing migrations or let JdbcStorage migrate");
                }
            }
            return new JdbcStorage(this);
        }
    }
}
