package io.scimlab.gitlab.provision;

import java.time.Duration;

/** How the bridge waits outside its lock (the reconciler between steps, for GitLab's rate limit): a test seam. */
@FunctionalInterface
interface Pause {
    void sleep(Duration duration) throws InterruptedException;

    static Pause system() {
        return d -> {
            if (!d.isNegative() && !d.isZero()) {
                Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
            }
        };
    }
}
