package io.scimlab.gitlab.token;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** A {@link TokenStore} in memory: for tests and single-node bridges that are given their token at start. */
public final class InMemoryTokenStore implements TokenStore {
    private final Map<String, StoredToken> tokens = new HashMap<>();
    private final ReentrantLock rotation = new ReentrantLock();

    /** An empty store. */
    public InMemoryTokenStore() {
    }

    @Override
    public synchronized Optional<StoredToken> get(String name) {
        return Optional.ofNullable(tokens.get(name));
    }

    @Override
    public synchronized boolean put(StoredToken token, long expectedVersion) {
        StoredToken old = tokens.get(token.name());
        if ((old == null ? 0 : old.version()) != expectedVersion) {
            return false;
        }
        tokens.put(token.name(), token);
        return true;
    }

    @Override
    public <T> T locked(String name, Supplier<T> work) {
        rotation.lock();
        try {
            return work.get();
        } finally {
            rotation.unlock();
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryTokenStore[" + tokens.keySet() + "]";
    }
}
