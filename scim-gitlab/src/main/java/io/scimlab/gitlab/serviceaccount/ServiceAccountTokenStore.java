package io.scimlab.gitlab.serviceaccount;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where the bridge keeps the ids and expiry dates of the service-account tokens it issued (never their values),
 * so {@link ServiceAccountTokens#rotateAllDue()} knows what to rotate. The in-memory store forgets them on a restart
 * and is not shared between replicas: a bridge with durable state takes
 * {@link io.scimlab.gitlab.state.jdbc.JdbcStorage#serviceAccountTokenStore()}, on the database of its state store.
 *
 * <p>Implementations must be thread-safe. They need no compare-and-set: the bridge changes a token only holding its
 * service account's user key ({@link io.scimlab.gitlab.state.StateStore#locked}), which replicas sharing a database
 * also share.
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
     * @return a snapshot, by token id
     */
    List<ManagedToken> all();

    /**
     * The tokens that expire on or before a date: those {@link ServiceAccountTokens#rotateAllDue()} rotates.
     *
     * @param date the last expiry date included
     * @return the tokens, soonest expiry first (then by token id)
     */
    default List<ManagedToken> expiringBy(LocalDate date) {
        return all().stream().filter(t -> !t.expiresAt().isAfter(date))
                .sorted(Comparator.comparing(ManagedToken::expiresAt).thenComparingLong(ManagedToken::tokenId))
                .toList();
    }
}
