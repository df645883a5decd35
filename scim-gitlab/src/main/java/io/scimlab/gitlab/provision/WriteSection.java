package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.state.StateStore;
import java.util.function.Supplier;

/**
 * Where every write of one bridge runs: under the store's exclusive section (so replicas sharing a database
 * serialise like one bridge) and then this bridge's lock (so its own threads do). Every SCIM write, token
 * operation and reconcile step goes through here.
 */
final class WriteSection {
    private final StateStore store;
    private final Object lock = new Object();

    WriteSection(StateStore store) {
        this.store = store;
    }

    <T> T run(Supplier<T> work) {
        return store.exclusive(() -> {
            synchronized (lock) {
                return work.get();
            }
        });
    }

    void run(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }
}
