package io.scimlab.gitlab.serviceaccount;

import java.util.List;
import java.util.Optional;

/**
 * Where the bridge keeps the ids and expiry dates of the service-account tokens it issued (never their values),
 * so {@link ServiceAccountTokens#rotateAllDue()} knows what to rotate. A JDBC implementation is one table keyed by
 * {@code tokenId} with an index on {@code scimUserId}. Implementations must be thread-safe.
 */
public interface ServiceAccountTokenStore {
    /**
     * An in-memory store.
     *
     * @return a new, empty store
     */
    static ServiceAccountTokenStore inMemory() {
        return new InMemoryServiceAccountTokenStore();
    }

    /**
     * Inserts or replaces a token by its id.
     *
     * @param token the token
     */
    void put(ManagedToken token);

    /**
     * A token by id.
     *
     * @param tokenId the id
     * @return the token
     */
    Optional<ManagedToken> get(long tokenId);

    /**
     * Forgets a token.
     *
     * @param tokenId the id
     */
    void remove(long tokenId);

    /**
     * The tokens of one service account, oldest first.
     *
     * @param scimUserId the SCIM user id
     * @return the tokens
     */
    List<ManagedToken> of(String scimUserId);

    /**
     * Every token.
     *
     * @return a snapshot
     */
    List<ManagedToken> all();
}
