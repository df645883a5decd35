package io.scimlab.testkit.gitlab;

import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Fault} applied to a running {@link FakeGitLab}: the handle {@link FakeGitLab#inject(Fault)} returns.
 * It knows its own time window and counts, and {@link #remove()} ends it whatever the other rules do. Thread-safe.
 */
public final class InjectedFault {
    private final Fault fault;
    private final Instant start;
    private final @Nullable Instant end;
    private final CopyOnWriteArrayList<InjectedFault> owner;
    private final Random random;
    private int matched;
    private int fired;
    private volatile boolean removed;

    InjectedFault(Fault fault, Instant injectedAt, CopyOnWriteArrayList<InjectedFault> owner) {
        this.fault = fault;
        this.start = injectedAt.plus(fault.startAfter());
        this.end = fault.window() == null ? null : start.plus(fault.window());
        this.owner = owner;
        this.random = new Random(fault.seed());
    }

    /**
     * The rule.
     *
     * @return the fault
     */
    public Fault fault() {
        return fault;
    }

    /** Stops the rule at once; requests already delayed by it finish normally. Idempotent. */
    public void remove() {
        removed = true;
        owner.remove(this);
    }

    /**
     * Whether the rule can fire now: not removed, and inside its time window on the fake's clock.
     *
     * @param now the fake's current time
     * @return true when active
     */
    public boolean activeAt(Instant now) {
        return !removed && !now.isBefore(start) && (end == null || now.isBefore(end));
    }

    /**
     * How many requests matched the rule inside its window.
     *
     * @return the count
     */
    public synchronized int matched() {
        return matched;
    }

    /**
     * How many times the rule fired.
     *
     * @return the count
     */
    public synchronized int fired() {
        return fired;
    }

    /** Counts a request and decides whether the rule fires on it. */
    synchronized boolean fires(String method, String rawPath, Instant now) {
        if (!activeAt(now) || !fault.matches(method, rawPath)) {
            return false;
        }
        matched++;
        if (!fault.selects(matched, fired)) {
            return false;
        }
        if (fault.probabilityValue() < 1.0 && random.nextDouble() >= fault.probabilityValue()) {
            return false;
        }
        fired++;
        return true;
    }

    @Override
    public String toString() {
        return "InjectedFault[" + fault + (removed ? ", removed" : "") + "]";
    }
}
