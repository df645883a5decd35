package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.state.PendingWrite;
import io.scimlab.gitlab.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge's use of the store's {@link PendingWrite}s: every GitLab write whose answer can be lost (a member add
 * or edit, a user or service-account create) is recorded before it is sent and forgotten when GitLab's answer says
 * what happened. A record that outlives its request means the answer was lost; the IdP's retry then treats what it
 * finds in GitLab (a member, an account) as the bridge's own write instead of someone else's, and a later removal
 * reaches it. Records older than the expiry are ignored and purged.
 */
final class PendingWrites {
    /**
     * A direct membership: key {@code <user id> <group path>} for a group, {@code <user id> project:<path>} for a
     * project (GitLab paths have no colon).
     */
    static final String MEMBER = "member";
    private static final String PROJECT_PREFIX = "project:";
    /** A GitLab account the bridge creates: key {@code email:<address>} or {@code username:<name>}, lower case. */
    static final String ACCOUNT = "account";

    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final StateStore store;
    private final Clock clock;
    private final Duration expiry;
    private final AtomicLong nextPurge = new AtomicLong();

    PendingWrites(StateStore store, Clock clock, Duration expiry) {
        this.store = store;
        this.clock = clock;
        this.expiry = expiry;
    }

    static String memberKey(long userId, MemberSource source) {
        return userId + " " + (source.isProject() ? PROJECT_PREFIX : "") + source.fullPath();
    }

    static String emailKey(String email) {
        return "email:" + email.toLowerCase(Locale.ROOT);
    }

    static String usernameKey(String username) {
        return "username:" + username.toLowerCase(Locale.ROOT);
    }

    /** Records writes about to be sent. */
    void begin(AuditTrail.Op op, String kind, Collection<String> keys) {
        purgeNowAndThen();
        Instant now = clock.instant();
        List<PendingWrite> writes = new ArrayList<>();
        keys.forEach(k -> writes.add(new PendingWrite(kind, k, now, op.context().correlationId())));
        store.putPending(writes);
    }

    void begin(AuditTrail.Op op, String kind, String key) {
        begin(op, kind, List.of(key));
    }

    /** Forgets writes whose outcome is known. */
    void done(String kind, Collection<String> keys) {
        store.removePending(kind, keys);
    }

    void done(String kind, String key) {
        store.removePending(kind, List.of(key));
    }

    /** A write started earlier whose answer never arrived, unless it has expired. */
    Optional<PendingWrite> find(String kind, String key) {
        return store.pending(kind, key).filter(this::live);
    }

    /** The groups and projects of unconfirmed member writes, per GitLab user id. */
    Map<Long, Set<MemberSource>> members() {
        Map<Long, Set<MemberSource>> out = new HashMap<>();
        for (PendingWrite w : store.pendingOfKind(MEMBER)) {
            int space = w.key().indexOf(' ');
            if (space > 0 && space < w.key().length() - 1 && live(w)) {
                String where = w.key().substring(space + 1);
                try {
                    MemberSource source = where.startsWith(PROJECT_PREFIX)
                            ? MemberSource.project(where.substring(PROJECT_PREFIX.length()))
                            : MemberSource.group(where);
                    out.computeIfAbsent(Long.parseLong(w.key().substring(0, space)), k -> new HashSet<>())
                            .add(source);
                } catch (IllegalArgumentException e) {
                    // Not a key this bridge writes (no user id, no GitLab path): ignore it.
                }
            }
        }
        return out;
    }

    /**
     * Forgets every unconfirmed member write of a user whose account, or every membership in the hierarchy, is gone:
     * whatever those writes did went with it.
     */
    void forgetMembers(long userId) {
        Set<MemberSource> sources = members().getOrDefault(userId, Set.of());
        done(MEMBER, sources.stream().map(s -> memberKey(userId, s)).toList());
    }

    private boolean live(PendingWrite w) {
        return !w.created().isBefore(clock.instant().minus(expiry));
    }

    /** Purges expired records at most once a minute, on the way of a write. */
    private void purgeNowAndThen() {
        long now = clock.millis();
        long due = nextPurge.get();
        if (now >= due && nextPurge.compareAndSet(due, now + PURGE_EVERY.toMillis())) {
            store.removePendingBefore(clock.instant().minus(expiry));
        }
    }

    /**
     * Whether a failed write's outcome is known: GitLab answered the write itself with a refusal (4xx), so it did
     * not take effect. Anything else (no answer, a 5xx, a failed confirmation read) may have taken effect.
     */
    static boolean refused(GitLabException e, String writeMethod) {
        if (!e.method().equals(writeMethod) || e.status() == 0) {
            return false;
        }
        return switch (e.kind()) {
            case VALIDATION, CONFLICT, NOT_FOUND, FORBIDDEN, UNAUTHORIZED, RATE_LIMITED -> true;
            case UNAVAILABLE, UNEXPECTED -> false;
        };
    }
}
