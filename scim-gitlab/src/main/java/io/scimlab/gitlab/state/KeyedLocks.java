package io.scimlab.gitlab.state;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Locks by {@link LockKey} within one JVM, for a {@link StateStore} (or a bridge) whose writers are threads: a fixed
 * array of reentrant locks (stripes) a key hashes to, taken in stripe order, so two writers never wait on each other
 * in a cycle; two keys on one stripe merely share it. Every wait is bounded: a lock not free in time is a {@link
 * LockUnavailableException}, never a hang. {@link #exclusive} excludes every keyed holder (a read-write lock over
 * all stripes).
 *
 * <p>Reentrant: a section nested in another takes only the stripes it lacks. A stripe below one the thread holds
 * already is the one way two writers can wait on each other: that wait is bounded by a second (as PostgreSQL's
 * deadlock detector would end it), not the whole wait.
 */
public final class KeyedLocks {
    private static final int STRIPES = 1024;
    /** The wait for a stripe taken out of order (below one held): a cycle of such waits ends this soon. */
    private static final long OUT_OF_ORDER_NANOS = Duration.ofSeconds(1).toNanos();

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final ReentrantReadWriteLock all = new ReentrantReadWriteLock();
    private final long waitNanos;

    /**
     * Locks with a bound on every wait.
     *
     * @param wait how long a writer waits for its keys before {@link LockUnavailableException}
     */
    public KeyedLocks(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative");
        }
        this.waitNanos = wait.toNanos();
        Arrays.setAll(stripes, i -> new ReentrantLock());
    }

    /**
     * Runs {@code work} holding every key of {@code keys}.
     *
     * @param keys the keys
     * @param work the work
     * @param <T>  its result type
     * @return its result
     * @throws LockUnavailableException when a key stays held by another thread longer than the wait
     */
    public <T> T locked(Set<LockKey> keys, Supplier<T> work) {
        long deadline = System.nanoTime() + waitNanos;
        int[] order = keys.stream().mapToInt(KeyedLocks::stripe).distinct().sorted().toArray();
        boolean nested = all.getReadHoldCount() > 0 || all.isWriteLockedByCurrentThread();
        int highest = nested ? highestHeld() : -1;
        Lock shared = all.readLock();
        acquire(shared, deadline, "the keyed locks");
        int taken = 0;
        try {
            for (int s : order) {
                long until = s > highest || stripes[s].isHeldByCurrentThread() ? deadline
                        : Math.min(deadline, System.nanoTime() + OUT_OF_ORDER_NANOS);
                acquire(stripes[s], until, "lock stripe " + s);
                taken++;
            }
            return work.get();
        } finally {
            for (int i = taken - 1; i >= 0; i--) {
                stripes[order[i]].unlock();
            }
            shared.unlock();
        }
    }

    /**
     * Runs {@code work} while no other thread holds any key. Not to be nested in {@link #locked} (a read lock is
     * not upgraded): that waits out the bound and fails.
     *
     * @param work the work
     * @param <T>  its result type
     * @return its result
     * @throws LockUnavailableException when keyed holders stay longer than the wait
     */
    public <T> T exclusive(Supplier<T> work) {
        Lock whole = all.writeLock();
        acquire(whole, System.nanoTime() + waitNanos, "the exclusive lock");
        try {
            return work.get();
        } finally {
            whole.unlock();
        }
    }

    private static void acquire(Lock lock, long deadline, String what) {
        try {
            if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new LockUnavailableException("timed out waiting for " + what, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockUnavailableException("interrupted waiting for " + what, e);
        }
    }

    /** The highest stripe this thread holds, -1 for none (only asked of a nested section). */
    private int highestHeld() {
        for (int i = STRIPES - 1; i >= 0; i--) {
            if (stripes[i].isHeldByCurrentThread()) {
                return i;
            }
        }
        return -1;
    }

    private static int stripe(LockKey key) {
        int h = key.hashCode();
        // Spread the hash's high bits into the index, as HashMap does.
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    @Override
    public String toString() {
        return "KeyedLocks[" + STRIPES + " stripes, wait " + Duration.ofNanos(waitNanos) + "]";
    }
}
