package io.scimlab.gitlab.api;

import java.time.Duration;

/**
 * Waits: a test seam, package-private. The client never calls {@link Thread#sleep} directly so tests can
 * substitute a sleeper that only advances a fake clock.
 */
@FunctionalInterface
interface Sleeper {
    /**
     * Waits for the duration.
     *
     * @param duration how long; zero or negative returns at once
     * @throws InterruptedException when the thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The real sleeper, backed by {@link Thread#sleep(long)}.
     *
     * @return a sleeper that blocks the calling thread
     */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }
}
