package io.scimlab.gitlab.token;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the bridge keeps its GitLab token, so a rotated value survives restarts and reaches every replica.
 * Implementations must be thread-safe and must never log secrets.
 */
public interface TokenStore {
    /**
     * The token in a slot.
     *
     * @param name the slot
     * @return the token
     */
    Optional<StoredToken> get(String name);

    /**
     * Stores a token if the stored version is still {@code expectedVersion} (0: the slot must be empty).
     *
     * @param token           the token
     * @param expectedVersion the version the caller read
     * @return false when another writer got there first
     */
    boolean put(StoredToken token, long expectedVersion);

    /**
     * Runs {@code work} holding the slot's lock against every other user of this store (other replicas), so only
     * one of them rotates: GitLab revokes the whole token family when a revoked token is rotated again.
     *
     * @param name the slot
     * @param work the rotation
     * @param <T>  its result type
     * @return its result
     */
    <T> T locked(String name, Supplier<T> work);
}
