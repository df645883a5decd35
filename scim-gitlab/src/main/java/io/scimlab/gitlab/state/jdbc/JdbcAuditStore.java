package io.scimlab.gitlab.state.jdbc;

import io.scimlab.gitlab.audit.AuditChain;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditHead;
import io.scimlab.gitlab.audit.AuditPage;
import io.scimlab.gitlab.audit.AuditQuery;
import io.scimlab.gitlab.audit.AuditRecord;
import io.scimlab.gitlab.audit.AuditStore;
import io.scimlab.gitlab.audit.AuditVerification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuditStore} in the tables {@code scimlab_audit_events}, {@code scimlab_audit_subjects} and
 * {@code scimlab_audit_heads} of the JDBC schema (migration V4); built by {@link JdbcStorage}.
 *
 * <p>An append is one transaction that locks the trail's head row ({@code SELECT ... FOR UPDATE}), so appenders in
 * this process and in other replicas on the same database take turns: each event gets the head's sequence number
 * plus one and the hash chained to the head's hash, and the head moves with it, or nothing is written. The walk of
 * {@link #verify()} reads in batches on short transactions and holds no lock, so appends go on meanwhile.
 */
final class JdbcAuditStore implements AuditStore {
    private static final String COLUMNS = "seq, format_version, event_time, correlation_id, principal, operation, "
            + "method, path, before_state, after_state, outcome, detail, scim_group_id, gitlab_path, hash";
    private static final String SELECT = "SELECT e.seq, e.format_version, e.event_time, e.correlation_id, "
            + "e.principal, e.operation, e.method, e.path, e.before_state, e.after_state, e.outcome, e.detail, "
            + "e.scim_group_id, e.gitlab_path, e.hash FROM scimlab_audit_events e WHERE e.trail = ?";
    private static final String SCIM_USER = "U";
    private static final String GITLAB_USER = "G";
    private static final int VERIFY_BATCH = 500;
    /** A key violation on the event means the head fell behind the events (edited?): tried again this often. */
    private static final int CONFLICT_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final String trail;
    private final Duration lockWait;
    // This process's appenders queue here rather than on the database lock, one connection at a time.
    private final ReentrantLock local = new ReentrantLock();

    /** A store on a migrated database; {@code lockWait} bounds an append's wait for the head row. */
    JdbcAuditStore(DataSource dataSource, String trail, Duration lockWait) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.trail = trail;
        this.lockWait = lockWait;
    }

    @Override
    public String trail() {
        return trail;
    }

    // ------------------------------------------------------------------------------------------------ append

    @Override
    public void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        local.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long deadline = System.nanoTime() + lockWait.toNanos();
            int conflicts = 0;
            while (true) {
                try {
                    if (append(c, event)) {
                        c.commit();
                        return;
                    }
                    // No head row yet: created (or found created by another replica); now append.
                    c.commit();
                } catch (SQLException e) {
                    Jdbc.rollback(c, e);
                    boolean retry = Jdbc.isLockFailure(e)
                            || (Jdbc.isIntegrityViolation(e) && ++conflicts < CONFLICT_ATTEMPTS);
                    if (!retry || System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("audit append", e);
        } finally {
            local.unlock();
        }
    }

    /** Appends under the head row's lock; false when the trail has no head row yet (then it creates one). */
    private boolean append(Connection c, AuditEvent event) throws SQLException {
        Optional<AuditHead> head = head(c, true);
        if (head.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO scimlab_audit_heads (trail, seq, hash) "
                    + "SELECT ?, 0, ? WHERE NOT EXISTS (SELECT 1 FROM scimlab_audit_heads WHERE trail = ?)")) {
                p.setString(1, trail);
                p.setString(2, AuditChain.GENESIS);
                p.setString(3, trail);
                p.executeUpdate();
            }
            return false;
        }
        long seq = head.get().sequence() + 1;
        String hash = AuditChain.hash(trail, seq, head.get().hash(), event);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO scimlab_audit_events (trail, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            p.setString(i++, trail);
            p.setLong(i++, seq);
            p.setInt(i++, AuditChain.FORMAT);
            p.setString(i++, AuditChain.time(event.time()));
            p.setString(i++, event.correlationId());
            p.setString(i++, event.principal());
            p.setString(i++, event.operation());
            p.setString(i++, event.method());
            p.setString(i++, event.path());
            setOptional(p, i++, event.before());
            setOptional(p, i++, event.after());
            p.setString(i++, event.outcome().name());
            setOptional(p, i++, event.detail());
            setOptional(p, i++, event.scimGroupId());
            setOptional(p, i++, event.gitlabPath());
            p.setString(i, hash);
            p.executeUpdate();
        }
        if (!event.scimUserIds().isEmpty() || !event.gitlabUserIds().isEmpty()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO scimlab_audit_subjects (trail, seq, kind, pos, "
                    + "subject) VALUES (?, ?, ?, ?, ?)")) {
                addSubjects(p, seq, SCIM_USER, event.scimUserIds());
                addSubjects(p, seq, GITLAB_USER, event.gitlabUserIds().stream().map(String::valueOf).toList());
                p.executeBatch();
            }
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE scimlab_audit_heads SET seq = ?, hash = ? "
                + "WHERE trail = ?")) {
            p.setLong(1, seq);
            p.setString(2, hash);
            p.setString(3, trail);
            p.executeUpdate();
        }
        return true;
    }

    private void addSubjects(PreparedStatement p, long seq, String kind, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            p.setString(1, trail);
            p.setLong(2, seq);
            p.setString(3, kind);
            p.setInt(4, i);
            p.setString(5, values.get(i));
            p.addBatch();
        }
    }

    /** The head row, locked for this transaction when {@code lock}. */
    private Optional<AuditHead> head(Connection c, boolean lock) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT seq, hash FROM scimlab_audit_heads WHERE trail = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            p.setString(1, trail);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new AuditHead(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    @Override
    public AuditHead head() {
        return jdbc.tx("audit head", c -> head(c, false)).orElse(AuditHead.empty());
    }

    // ------------------------------------------------------------------------------------------------ verify

    @Override
    public AuditVerification verify() {
        return walk(null);
    }

    @Override
    public AuditVerification verify(AuditHead expected) {
        return walk(Objects.requireNonNull(expected, "expected"));
    }

    private AuditVerification walk(@Nullable AuditHead expected) {
        Optional<AuditHead> stored = jdbc.tx("audit verify", c -> head(c, false));
        long next = 1;
        String previous = AuditChain.GENESIS;
        while (true) {
            long from = next;
            List<Row> batch = jdbc.tx("audit verify", c -> rows(c, " AND e.seq >= ?", List.of(from),
                    " ORDER BY e.seq", VERIFY_BATCH));
            for (Row row : batch) {
                Optional<AuditVerification.Break> broken = check(row, next, previous, stored, expected);
                if (broken.isPresent()) {
                    return new AuditVerification(next - 1, new AuditHead(next - 1, previous), broken);
                }
                previous = row.hash;
                next++;
            }
            if (batch.size() < VERIFY_BATCH) {
                break;
            }
        }
        long last = next - 1;
        AuditHead end = new AuditHead(last, previous);
        Optional<AuditVerification.Break> broken = Optional.empty();
        if (stored.isPresent() && stored.get().sequence() > last) {
            broken = Optional.of(new AuditVerification.Break(last + 1, AuditVerification.Problem.MISSING,
                    "the trail's head names event " + stored.get().sequence() + " but the last stored event is "
                            + last + ": events were deleted from the end"));
        } else if (expected != null && expected.sequence() > last) {
            broken = Optional.of(new AuditVerification.Break(last + 1, AuditVerification.Problem.MISSING,
                    "the recorded head names event " + expected.sequence() + " but the last stored event is "
                            + last + ": events were deleted from the end"));
        } else if (stored.isEmpty() && last > 0) {
            broken = Optional.of(new AuditVerification.Break(last, AuditVerification.Problem.HEAD_MISMATCH,
                    "the trail's head record is missing"));
        } else {
            // An append writes its event and the head in one transaction: an event beyond the head as it is now
            // was written around the store.
            long now = jdbc.tx("audit verify", c -> head(c, false)).map(AuditHead::sequence).orElse(0L);
            if (now < last) {
                broken = Optional.of(new AuditVerification.Break(now + 1, AuditVerification.Problem.HEAD_MISMATCH,
                        "event " + (now + 1) + " is beyond the trail's head: it was not appended through the store"));
            }
        }
        return new AuditVerification(last, end, broken);
    }

    /** One link: the expected number, the recomputed hash, and the heads that name this number. */
    private Optional<AuditVerification.Break> check(Row row, long next, String previous, Optional<AuditHead> stored,
            @Nullable AuditHead expected) {
        if (row.seq != next) {
            return broken(next, AuditVerification.Problem.MISSING, "event " + next + " is missing (the next stored "
                    + "event is " + row.seq + ")");
        }
        if (row.format != AuditChain.FORMAT) {
            return broken(next, AuditVerification.Problem.ALTERED, "event " + next + " has canonical form version "
                    + row.format + ", which this library does not know");
        }
        AuditEvent event;
        try {
            event = row.event();
        } catch (RuntimeException e) {
            return broken(next, AuditVerification.Problem.ALTERED, "event " + next + " cannot be read: "
                    + e.getMessage());
        }
        if (!AuditChain.hash(trail, next, previous, event).equals(row.hash)) {
            return broken(next, AuditVerification.Problem.ALTERED, "event " + next + " does not match its hash: "
                    + "a field, a subject or the hash was edited");
        }
        if (stored.isPresent() && stored.get().sequence() == next && !stored.get().hash().equals(row.hash)) {
            return broken(next, AuditVerification.Problem.HEAD_MISMATCH, "the trail's head names another hash for "
                    + "event " + next);
        }
        if (expected != null && expected.sequence() == next && !expected.hash().equals(row.hash)) {
            return broken(next, AuditVerification.Problem.HEAD_MISMATCH, "event " + next + " does not have the "
                    + "hash of the recorded head: the chain was rewritten from here or earlier");
        }
        return Optional.empty();
    }

    private static Optional<AuditVerification.Break> broken(long seq, AuditVerification.Problem problem,
            String detail) {
        return Optional.of(new AuditVerification.Break(seq, problem, detail));
    }

    // ------------------------------------------------------------------------------------------------- query

    @Override
    public AuditPage query(AuditQuery q) {
        Objects.requireNonNull(q, "query");
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        q.after().ifPresent(a -> {
            where.append(q.newestFirst() ? " AND e.seq < ?" : " AND e.seq > ?");
            args.add(a);
        });
        filter(where, args, "e.principal", q.principal());
        filter(where, args, "e.correlation_id", q.correlationId());
        filter(where, args, "e.outcome", q.outcome().map(Enum::name));
        filter(where, args, "e.scim_group_id", q.scimGroupId());
        filter(where, args, "e.gitlab_path", q.gitlabPath());
        q.from().ifPresent(f -> {
            where.append(" AND e.event_time >= ?");
            args.add(AuditChain.time(f));
        });
        q.until().ifPresent(u -> {
            where.append(" AND e.event_time < ?");
            args.add(AuditChain.time(u));
        });
        subject(where, args, SCIM_USER, q.scimUserId());
        if (q.gitlabUserId().isPresent()) {
            subject(where, args, GITLAB_USER, Optional.of(Long.toString(q.gitlabUserId().getAsLong())));
        }
        // One more than a page tells whether another page follows.
        List<Row> rows = jdbc.tx("audit query", c -> rows(c, where.toString(), args, q.newestFirst()
                ? " ORDER BY e.seq DESC" : " ORDER BY e.seq", q.pageSize() + 1));
        boolean more = rows.size() > q.pageSize();
        List<AuditRecord> out = new ArrayList<>();
        for (Row r : rows.subList(0, Math.min(rows.size(), q.pageSize()))) {
            try {
                out.add(new AuditRecord(trail, r.seq, r.event(), r.hash));
            } catch (RuntimeException e) {
                throw new IllegalStateException("audit event " + r.seq + " of trail " + trail + " cannot be read "
                        + "(run verify()): " + e.getMessage(), e);
            }
        }
        Optional<AuditQuery> next = more ? Optional.of(q.after(out.get(out.size() - 1).sequence())) : Optional.empty();
        return new AuditPage(out, next);
    }

    private static void filter(StringBuilder where, List<Object> args, String column, Optional<String> value) {
        value.ifPresent(v -> {
            where.append(" AND ").append(column).append(" = ?");
            args.add(v);
        });
    }

    private static void subject(StringBuilder where, List<Object> args, String kind, Optional<String> value) {
        value.ifPresent(v -> {
            where.append(" AND EXISTS (SELECT 1 FROM scimlab_audit_subjects s WHERE s.trail = e.trail AND "
                    + "s.seq = e.seq AND s.kind = '").append(kind).append("' AND s.subject = ?)");
            args.add(v);
        });
    }

    // -------------------------------------------------------------------------------------------------- rows

    /** Events of this trail matching {@code where} (conditions on {@code e}), with their subjects. */
    private List<Row> rows(Connection c, String where, List<?> args, String order, int limit) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(SELECT + where + order + " FETCH FIRST " + limit
                + " ROWS ONLY")) {
            p.setString(1, trail);
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Long l) {
                    p.setLong(i + 2, l);
                } else {
                    p.setString(i + 2, (String) a);
                }
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs));
                }
            }
        }
        if (!out.isEmpty()) {
            subjects(c, out);
        }
        return out;
    }

    /** Fills in the rows' subjects from one query. */
    private void subjects(Connection c, List<Row> rows) throws SQLException {
        Map<Long, Row> bySeq = new HashMap<>();
        rows.forEach(r -> bySeq.put(r.seq, r));
        String marks = String.join(", ", Collections.nCopies(rows.size(), "?"));
        try (PreparedStatement p = c.prepareStatement("SELECT seq, kind, pos, subject FROM scimlab_audit_subjects "
                + "WHERE trail = ? AND seq IN (" + marks + ") ORDER BY seq, kind, pos")) {
            p.setString(1, trail);
            for (int i = 0; i < rows.size(); i++) {
                p.setLong(i + 2, rows.get(i).seq);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    // The query selects exactly the seqs of bySeq's rows.
                    Row r = Objects.requireNonNull(bySeq.get(rs.getLong(1)), "a row of this page");
                    String kind = rs.getString(2);
                    (SCIM_USER.equals(kind) ? r.scimUsers : GITLAB_USER.equals(kind) ? r.gitlabUsers : r.unknown)
                            .add(rs.getString(4));
                }
            }
        }
    }

    /** One stored event as its columns say, before it is checked. */
    private static final class Row {
        final long seq;
        final int format;
        final String hash;
        private final String time;
        private final String correlationId;
        private final String principal;
        private final String operation;
        private final String method;
        private final String path;
        private final @Nullable String before;
        private final @Nullable String after;
        private final String outcome;
        private final @Nullable String detail;
        private final @Nullable String scimGroupId;
        private final @Nullable String gitlabPath;
        final List<String> scimUsers = new ArrayList<>();
        final List<String> gitlabUsers = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();

        Row(ResultSet rs) throws SQLException {
            this.seq = rs.getLong(1);
            this.format = rs.getInt(2);
            this.time = rs.getString(3);
            this.correlationId = rs.getString(4);
            this.principal = rs.getString(5);
            this.operation = rs.getString(6);
            this.method = rs.getString(7);
            this.path = rs.getString(8);
            this.before = rs.getString(9);
            this.after = rs.getString(10);
            this.outcome = rs.getString(11);
            this.detail = rs.getString(12);
            this.scimGroupId = rs.getString(13);
            this.gitlabPath = rs.getString(14);
            this.hash = rs.getString(15);
        }

        /** The event; throws when a column does not parse (an edit a hash check would also catch). */
        AuditEvent event() {
            if (!unknown.isEmpty()) {
                throw new IllegalStateException("a subject of an unknown kind is stored with it");
            }
            return AuditEvent.builder().time(Instant.parse(time)).correlationId(correlationId).principal(principal)
                    .operation(operation).method(method).path(path).before(Optional.ofNullable(before))
                    .after(Optional.ofNullable(after)).outcome(AuditEvent.Outcome.valueOf(outcome))
                    .detail(Optional.ofNullable(detail)).scimUserIds(scimUsers)
                    .scimGroupId(Optional.ofNullable(scimGroupId))
                    .gitlabUserIds(gitlabUsers.stream().map(Long::valueOf).toList())
                    .gitlabPath(Optional.ofNullable(gitlabPath)).build();
        }
    }

    private static void setOptional(PreparedStatement p, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            p.setString(index, value.get());
        } else {
            p.setNull(index, Types.VARCHAR);
        }
    }

    @Override
    public String toString() {
        return "JdbcAuditStore[" + trail + "]";
    }
}
