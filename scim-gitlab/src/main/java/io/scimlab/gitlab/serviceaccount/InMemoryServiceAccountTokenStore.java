package io.scimlab.gitlab.serviceaccount;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link ServiceAccountTokenStore} in memory, ordered by token id; for tests and single-node deployments. */
final class InMemoryServiceAccountTokenStore implements ServiceAccountTokenStore {
    private final ConcurrentSkipListMap<Long, ManagedToken> tokens = new ConcurrentSkipListMap<>();

    @Override
    public void put(ManagedToken token) {
        tokens.put(token.tokenId(), token);
    }

    @Override
    public Optional<ManagedToken> get(long tokenId) {
        return Optional.ofNullable(tokens.get(tokenId));
    }

    @Override
    public void remove(long tokenId) {
        tokens.remove(tokenId);
    }

    @Override
    public List<ManagedToken> of(String scimUserId) {
        return tokens.values().stream().filter(t -> t.scimUserId().equals(scimUserId)).toList();
    }

    @Override
    public List<ManagedToken> all() {
        return new ArrayList<>(tokens.values());
    }

    @Override
    public String toString() {
        return "InMemoryServiceAccountTokenStore[" + tokens.size() + " tokens]";
    }
}
