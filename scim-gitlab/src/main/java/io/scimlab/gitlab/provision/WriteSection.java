package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.state.KeyedLocks;
import io.scimlab.gitlab.state.LockKey;
import io.scimlab.gitlab.state.LockUnavailableException;
import io.scimlab.gitlab.state.StateStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Where every write of one bridge runs: holding the {@link LockKey}s of what it touches, first in this bridge (its
 * own threads) and then in the store ({@link StateStore#locked}: replicas sharing a database), both in key order.
 * Writes with no key in common run in parallel. Every SCIM write, token operation and reconcile step goes through
 * here.
 *
 * <p>A write often learns its keys from the state it is about to lock (the users a group change recomputes): it
 * starts from the keys it can name from the request, and once inside, with what it read under the locks, it calls
 * {@link #require} with the keys it needs before it changes anything; when those are more, the section lets go and
 * starts over holding them all, in order (compute, lock, recompute). A key known only after a change was made (the
 * account a create linked to) is taken by a nested {@link #run}: out of order, so only the store's bounded wait
 * protects it.
 */
final class WriteSection {
    /**
     * How long a write waits for its keys held by another thread of this bridge. Long: the holder is bounded by
     * GitLab's timeouts and, across replicas, by the store's own wait, which answers 503.
     */
    private static final Duration LOCAL_WAIT = Duration.ofMinutes(5);
    /** Rounds of compute, lock, recompute before a write gives up with 503 (each round needs a concurrent change). */
    private static final int MAX_ROUNDS = 8;

    private final StateStore store;
    private final KeyedLocks local = new KeyedLocks(LOCAL_WAIT);
    // Per section, not static: what a thread holds is a fact about this bridge's section, not about the thread.
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<Set<LockKey>> held = new ThreadLocal<>();

    WriteSection(StateStore store) {
        this.store = store;
    }

    /** Runs {@code work} holding {@code keys}; inside a section, takes the keys it lacks. */
    <T> T run(Set<LockKey> keys, Supplier<T> work) {
        Set<LockKey> outer = held.get();
        if (outer != null && outer.containsAll(keys)) {
            return work.get();
        }
        Set<LockKey> all = new TreeSet<>(keys);
        if (outer != null) {
            all.addAll(outer);
        }
        return local.locked(keys, () -> store.locked(keys, () -> {
            held.set(all);
            try {
                return work.get();
            } finally {
                if (outer == null) {
                    held.remove();
                } else {
                    held.set(outer);
                }
            }
        }));
    }

    /**
     * Runs {@code work} holding the keys it needs: first {@code start}, then, each time {@code work} {@link
     * #require}s more, all of them from the beginning.
     */
    <T> T run(Set<LockKey> start, Supplier<T> work, String what) {
        Set<LockKey> keys = new HashSet<>(start);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            try {
                return run(keys, work);
            } catch (MoreKeys more) {
                if (more.section != this) {
                    throw more;
                }
                keys.addAll(more.keys);
            }
        }
        throw new LockUnavailableException(what + ": the resources it touches kept changing", null);
    }

    void run(Set<LockKey> keys, Runnable work) {
        run(keys, () -> {
            work.run();
            return null;
        });
    }

    /** Whether the thread's section holds a key. */
    boolean holds(LockKey key) {
        Set<LockKey> h = held.get();
        return h != null && h.contains(key);
    }

    /**
     * Checks that the section holds {@code keys}; when it does not, ends the section (call it before any change) and
     * {@link #run(Set, Supplier, String)} starts over with them.
     */
    void require(Set<LockKey> keys) {
        Set<LockKey> h = held.get();
        if (h == null) {
            throw new IllegalStateException("not in a write section");
        }
        if (!h.containsAll(keys)) {
            Set<LockKey> missing = new TreeSet<>(keys);
            missing.removeAll(h);
            throw new MoreKeys(this, missing);
        }
    }

    /** A write found it needs keys it does not hold: the section starts over (never escapes {@link #run}). */
    private static final class MoreKeys extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient WriteSection section;
        private final transient Set<LockKey> keys;

        MoreKeys(WriteSection section, Set<LockKey> keys) {
            super(null, null, false, false);
            this.section = section;
            this.keys = keys;
        }
    }
}
