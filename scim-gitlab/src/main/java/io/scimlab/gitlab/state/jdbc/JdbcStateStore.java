package io.scimlab.gitlab.state.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.LockKey;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.PendingWrite;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StateStore} in a relational database through plain JDBC: PostgreSQL in production, H2 embedded or in
 * tests. Built by {@link JdbcStorage}, which migrates the schema first.
 *
 * <p>Several replicas may share one database and behave as one bridge: {@link #putGroup} and
 * {@link #removeGroup} are conditional statements on the group's {@code version} column (compare-and-set in one
 * transaction), and {@link #locked} holds the write's keys for its length ({@link JdbcLocks}: advisory locks per
 * key on PostgreSQL, one row lock on H2), which the database releases when the holder commits, rolls back or dies.
 */
final class JdbcStateStore implements StateStore {
    private static final String USER_COLUMNS = "scim_id, gitlab_user_id, user_name, external_id, active, attributes, "
            + "version, created_at, last_modified";
    // A group's member users (column 8 'u'; a group without any: one row with a null member) and member groups
    // ('g'), in one statement: one round trip and one snapshot. The caller's WHERE (on g) follows each part.
    private static final String GROUP_SELECT = "SELECT g.scim_id, g.display_name, g.external_id, g.version, "
            + "g.created_at, g.last_modified, m.user_id, 'u' FROM scimlab_groups g LEFT JOIN scimlab_group_members m "
            + "ON m.group_id = g.scim_id ";
    private static final String MEMBER_GROUP_SELECT = "SELECT g.scim_id, g.display_name, g.external_id, g.version, "
            + "g.created_at, g.last_modified, gg.member_group_id, 'g' FROM scimlab_groups g JOIN scimlab_group_groups "
            + "gg ON gg.group_id = g.scim_id ";

    private final Jdbc jdbc;
    private final JdbcLocks locks;
    private final ObjectMapper json = new ObjectMapper();

    /** A store on a migrated database; {@code lockWait} bounds the wait for the replicas' write lock. */
    JdbcStateStore(DataSource dataSource, Duration lockWait) {
        this.jdbc = new Jdbc(dataSource);
        this.locks = new JdbcLocks(dataSource, lockWait);
    }

    // ------------------------------------------------------------------------------------------------ users

    @Override
    public Optional<UserRecord> user(String scimId) {
        return oneUser("user", "scim_id = ?", scimId);
    }

    @Override
    public Optional<UserRecord> userByExternalId(String externalId) {
        return oneUser("userByExternalId", "external_id = ?", externalId);
    }

    @Override
    public Optional<UserRecord> userByUserName(String userName) {
        return oneUser("userByUserName", "user_name_lower = ?", userName.toLowerCase(Locale.ROOT));
    }

    private Optional<UserRecord> oneUser(String op, String where, String value) {
        return jdbc.tx(op, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM scimlab_users WHERE "
                    + where + " ORDER BY scim_id")) {
                p.setString(1, value);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.<UserRecord>empty();
                }
            }
        });
    }

    @Override
    public void putUser(UserRecord user) {
        jdbc.run("putUser", c -> {
            if (updateUser(c, user) == 0) {
                try {
                    insertUser(c, user);
                } catch (SQLException e) {
                    if (!Jdbc.isIntegrityViolation(e)) {
                        throw e;
                    }
                    // Inserted by another replica meanwhile: PostgreSQL aborted the transaction, so start over.
                    c.rollback();
                    updateUser(c, user);
                }
            }
        });
    }

    private int updateUser(Connection c, UserRecord u) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE scimlab_users SET gitlab_user_id = ?, user_name = ?, "
                + "user_name_lower = ?, external_id = ?, active = ?, attributes = ?, version = ?, created_at = ?, "
                + "last_modified = ? WHERE scim_id = ?")) {
            int i = bindUser(p, u, 1);
            p.setString(i, u.scimId());
            return p.executeUpdate();
        }
    }

    private void insertUser(Connection c, UserRecord u) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO scimlab_users (gitlab_user_id, user_name, "
                + "user_name_lower, external_id, active, attributes, version, created_at, last_modified, scim_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindUser(p, u, 1);
            p.setString(i, u.scimId());
            p.executeUpdate();
        }
    }

    private int bindUser(PreparedStatement p, UserRecord u, int from) throws SQLException {
        int i = from;
        p.setLong(i++, u.gitlabUserId());
        p.setString(i++, u.userName());
        p.setString(i++, u.userName().toLowerCase(Locale.ROOT));
        setOptional(p, i++, u.externalId());
        p.setBoolean(i++, u.active());
        p.setString(i++, write(u.attributes()));
        p.setLong(i++, u.version());
        p.setString(i++, u.created().toString());
        p.setString(i++, u.lastModified().toString());
        return i;
    }

    @Override
    public void removeUser(String scimId) {
        jdbc.tx("removeUser", c -> update(c, "DELETE FROM scimlab_users WHERE scim_id = ?", scimId));
    }

    @Override
    public Stream<UserRecord> users() {
        // A snapshot, like the in-memory store's: a cursor held open across GitLab calls would pin a connection.
        return jdbc.tx("users", c -> {
            List<UserRecord> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + USER_COLUMNS
                    + " FROM scimlab_users ORDER BY created_at, scim_id");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(user(rs));
                }
            }
            return out;
        }).stream();
    }

    private UserRecord user(ResultSet rs) throws SQLException {
        return new UserRecord(rs.getString(1), rs.getLong(2), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                rs.getBoolean(5), read(rs.getString(6)), rs.getLong(7), Instant.parse(rs.getString(8)),
                Instant.parse(rs.getString(9)));
    }

    // ----------------------------------------------------------------------------------------------- groups

    @Override
    public Optional<GroupRecord> group(String scimId) {
        List<GroupRecord> found = jdbc.tx("group", c -> groups(c, "WHERE g.scim_id = ?", false, scimId));
        return found.stream().findFirst();
    }

    @Override
    public boolean putGroup(GroupRecord group, long expectedVersion) {
        return jdbc.tx("putGroup", c -> {
            if (expectedVersion == 0) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO scimlab_groups (display_name, "
                        + "external_id, version, created_at, last_modified, scim_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                    bindGroup(p, group);
                    p.executeUpdate();
                } catch (SQLException e) {
                    if (Jdbc.isIntegrityViolation(e)) {
                        c.rollback();
                        return false;
                    }
                    throw e;
                }
            } else {
                // The compare-and-set: the row lock this UPDATE takes makes a concurrent writer wait, then find
                // the version moved and update nothing.
                try (PreparedStatement p = c.prepareStatement("UPDATE scimlab_groups SET display_name = ?, "
                        + "external_id = ?, version = ?, created_at = ?, last_modified = ? WHERE scim_id = ? "
                        + "AND version = ?")) {
                    bindGroup(p, group);
                    p.setLong(7, expectedVersion);
                    if (p.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                update(c, "DELETE FROM scimlab_group_members WHERE group_id = ?", group.scimId());
                update(c, "DELETE FROM scimlab_group_groups WHERE group_id = ?", group.scimId());
            }
            insertMembers(c, "INSERT INTO scimlab_group_members (group_id, user_id) VALUES (?, ?)", group.scimId(),
                    group.members());
            insertMembers(c, "INSERT INTO scimlab_group_groups (group_id, member_group_id) VALUES (?, ?)",
                    group.scimId(), group.memberGroups());
            return true;
        });
    }

    private static void insertMembers(Connection c, String sql, String groupId, Set<String> members)
            throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (String m : members) {
                p.setString(1, groupId);
                p.setString(2, m);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void bindGroup(PreparedStatement p, GroupRecord g) throws SQLException {
        p.setString(1, g.displayName());
        setOptional(p, 2, g.externalId());
        p.setLong(3, g.version());
        p.setString(4, g.created().toString());
        p.setString(5, g.lastModified().toString());
        p.setString(6, g.scimId());
    }

    @Override
    public boolean removeGroup(String scimId, long expectedVersion) {
        return jdbc.tx("removeGroup", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM scimlab_groups WHERE scim_id = ? AND "
                    + "version = ?")) {
                p.setString(1, scimId);
                p.setLong(2, expectedVersion);
                if (p.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
            }
            update(c, "DELETE FROM scimlab_group_members WHERE group_id = ?", scimId);
            update(c, "DELETE FROM scimlab_group_groups WHERE group_id = ?", scimId);
            return true;
        });
    }

    @Override
    public Stream<GroupRecord> groups() {
        return jdbc.tx("groups", c -> groups(c, "", true)).stream();
    }

    @Override
    public List<GroupRecord> groupsOf(String userScimId) {
        return jdbc.tx("groupsOf", c -> groups(c, "WHERE g.scim_id IN (SELECT group_id FROM scimlab_group_members "
                + "WHERE user_id = ?)", false, userScimId));
    }

    @Override
    public List<GroupRecord> parentsOf(String groupScimId) {
        return jdbc.tx("parentsOf", c -> groups(c, "WHERE g.scim_id IN (SELECT group_id FROM scimlab_group_groups "
                + "WHERE member_group_id = ?)", false, groupScimId));
    }

    /**
     * Reads the groups {@code where} selects (on {@code g}) with their member users and member groups in one
     * statement, so a group and its members come from one snapshot; {@code ordered}: by creation.
     */
    private static List<GroupRecord> groups(Connection c, String where, boolean ordered, String... args)
            throws SQLException {
        Map<String, GroupRow> rows = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(GROUP_SELECT + where + " UNION ALL " + MEMBER_GROUP_SELECT
                + where + (ordered ? " ORDER BY 5, 1" : ""))) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
                p.setString(args.length + i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    GroupRow row = rows.get(id);
                    if (row == null) {
                        row = new GroupRow(id, rs.getString(2), Optional.ofNullable(rs.getString(3)), rs.getLong(4),
                                Instant.parse(rs.getString(5)), Instant.parse(rs.getString(6)), new HashSet<>(),
                                new HashSet<>());
                        rows.put(id, row);
                    }
                    String member = rs.getString(7);
                    if (member != null) {
                        ("g".equals(rs.getString(8)) ? row.memberGroups() : row.members()).add(member);
                    }
                }
            }
        }
        return rows.values().stream().map(r -> new GroupRecord(r.id(), r.name(), r.externalId(), r.members(),
                r.memberGroups(), r.version(), r.created(), r.modified())).toList();
    }

    private record GroupRow(String id, String name, Optional<String> externalId, long version, Instant created,
            Instant modified, Set<String> members, Set<String> memberGroups) {
    }

    // ------------------------------------------------------------------------------------ managed memberships

    @Override
    public List<ManagedMembership> managedOf(long gitlabUserId) {
        return jdbc.tx("managedOf", c -> managed(c, "WHERE gitlab_user_id = ?", gitlabUserId));
    }

    @Override
    public void putManaged(ManagedMembership m) {
        jdbc.run("putManaged", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE scimlab_managed SET access_level = ?, "
                    + "member_role_id = ?, expires_at = ?, source_kind = ? WHERE gitlab_user_id = ? "
                    + "AND group_path = ?")) {
                bindManaged(p, m);
                if (p.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO scimlab_managed (access_level, member_role_id, "
                    + "expires_at, source_kind, gitlab_user_id, group_path) VALUES (?, ?, ?, ?, ?, ?)")) {
                bindManaged(p, m);
                p.executeUpdate();
            }
        });
    }

    private static void bindManaged(PreparedStatement p, ManagedMembership m) throws SQLException {
        p.setInt(1, m.accessLevel().value());
        if (m.memberRoleId().isPresent()) {
            p.setLong(2, m.memberRoleId().get());
        } else {
            p.setNull(2, Types.BIGINT);
        }
        setOptional(p, 3, m.expiresAt().map(LocalDate::toString));
        p.setString(4, m.source().isProject() ? "project" : "group");
        p.setLong(5, m.gitlabUserId());
        p.setString(6, m.path());
    }

    @Override
    public void removeManaged(long gitlabUserId, String path) {
        jdbc.tx("removeManaged", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM scimlab_managed WHERE gitlab_user_id = ? AND "
                    + "group_path = ?")) {
                p.setLong(1, gitlabUserId);
                p.setString(2, path);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public Stream<ManagedMembership> managed() {
        return jdbc.tx("managed", c -> managed(c, "", null)).stream();
    }

    private static List<ManagedMembership> managed(Connection c, String where, @Nullable Long userId) throws SQLException {
        List<ManagedMembership> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT gitlab_user_id, group_path, access_level, member_role_id, "
                + "expires_at, source_kind FROM scimlab_managed " + where + " ORDER BY gitlab_user_id, group_path")) {
            if (userId != null) {
                p.setLong(1, userId);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long role = rs.getLong(4);
                    Optional<Long> roleId = rs.wasNull() ? Optional.empty() : Optional.of(role);
                    MemberSource.Kind kind = "project".equals(rs.getString(6)) ? MemberSource.Kind.PROJECT
                            : MemberSource.Kind.GROUP;
                    out.add(new ManagedMembership(rs.getLong(1), new MemberSource(kind, rs.getString(2)),
                            AccessLevel.of(rs.getInt(3)), roleId, Optional.ofNullable(rs.getString(5))
                                    .map(LocalDate::parse)));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------- pending writes

    // Fixed width, so that text order is time order in the expiry query.
    private static final DateTimeFormatter PENDING_TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public void putPending(Collection<PendingWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        // One row per kind and key, the last one winning, as a replace would leave it.
        Map<String, PendingWrite> unique = new LinkedHashMap<>();
        writes.forEach(w -> unique.put(w.kind() + "\n" + w.key(), w));
        jdbc.run("putPending", c -> {
            // Delete then insert: a replace in the same statements on PostgreSQL and H2. Writers of one key run under
            // the write section; should another insert the key between the two, PostgreSQL aborts this transaction
            // and it is redone once.
            for (int attempt = 0; ; attempt++) {
                try {
                    replacePending(c, unique.values());
                    return;
                } catch (SQLException e) {
                    if (!Jdbc.isIntegrityViolation(e) || attempt > 0) {
                        throw e;
                    }
                    c.rollback();
                }
            }
        });
    }

    private static void replacePending(Connection c, Collection<PendingWrite> writes) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM scimlab_pending_writes WHERE kind = ? AND "
                + "write_key = ?"); PreparedStatement ins = c.prepareStatement("INSERT INTO scimlab_pending_writes "
                + "(kind, write_key, created_at, correlation_id) VALUES (?, ?, ?, ?)")) {
            for (PendingWrite w : writes) {
                del.setString(1, w.kind());
                del.setString(2, w.key());
                del.addBatch();
                ins.setString(1, w.kind());
                ins.setString(2, w.key());
                ins.setString(3, PENDING_TIME.format(w.created()));
                ins.setString(4, w.correlationId());
                ins.addBatch();
            }
            del.executeBatch();
            ins.executeBatch();
        }
    }

    @Override
    public Optional<PendingWrite> pending(String kind, String key) {
        return jdbc.tx("pending", c -> pendingRows(c, "WHERE kind = ? AND write_key = ?", kind, key)).stream()
                .findFirst();
    }

    @Override
    public List<PendingWrite> pendingOfKind(String kind) {
        return jdbc.tx("pendingOfKind", c -> pendingRows(c, "WHERE kind = ?", kind));
    }

    private static List<PendingWrite> pendingRows(Connection c, String where, String... args) throws SQLException {
        List<PendingWrite> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT kind, write_key, created_at, correlation_id FROM "
                + "scimlab_pending_writes " + where + " ORDER BY created_at, write_key")) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingWrite(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)),
                            rs.getString(4)));
                }
            }
        }
        return out;
    }

    @Override
    public void removePending(String kind, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.run("removePending", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM scimlab_pending_writes WHERE kind = ? AND "
                    + "write_key = ?")) {
                for (String key : keys) {
                    p.setString(1, kind);
                    p.setString(2, key);
                    p.addBatch();
                }
                p.executeBatch();
            }
        });
    }

    @Override
    public int removePendingBefore(Instant cutoff) {
        return jdbc.tx("removePendingBefore", c -> update(c, "DELETE FROM scimlab_pending_writes WHERE created_at < ?",
                PENDING_TIME.format(cutoff)));
    }

    // ------------------------------------------------------------------------------------------- write locks

    @Override
    public <T> T locked(Set<LockKey> keys, Supplier<T> work) {
        return locks.locked(keys, work);
    }

    @Override
    public <T> T exclusive(Supplier<T> work) {
        return locks.exclusive(work);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static int update(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, arg);
            return p.executeUpdate();
        }
    }

    private static void setOptional(PreparedStatement p, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            p.setString(index, value.get());
        } else {
            p.setNull(index, Types.VARCHAR);
        }
    }

    private String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise user attributes", e);
        }
    }

    private ObjectNode read(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored user attributes are not a JSON object", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcStateStore[schema v" + JdbcSchema.latestVersion() + "]";
    }
}
