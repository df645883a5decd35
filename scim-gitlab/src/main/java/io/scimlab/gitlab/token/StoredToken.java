package io.scimlab.gitlab.token;

import io.scimlab.gitlab.api.TokenValues;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The bridge's GitLab token as a {@link TokenStore} keeps it. {@link #toString()} never shows the secret.
 *
 * @param name        the slot, e.g. {@code gitlab-admin}: one bridge token per name
 * @param type        the kind of token
 * @param tokenId     GitLab's id of the token
 * @param group       the owning group's full path ({@link TokenType#GROUP}, {@link TokenType#SERVICE_ACCOUNT})
 * @param serviceAccountUserId the service account's user id ({@link TokenType#SERVICE_ACCOUNT})
 * @param secret      the token value
 * @param expiresAt   the last day GitLab accepts it
 * @param version     bumped by every change, compared by {@link TokenStore#put}
 * @param updatedAt   when it was stored
 */
public record StoredToken(String name, TokenType type, long tokenId, Optional<String> group,
        Optional<Long> serviceAccountUserId, String secret, Optional<LocalDate> expiresAt, long version,
        Instant updatedAt) {
    /**
     * Checks the components: group tokens need a group, service-account tokens a group and a user id; the secret
     * is cleaned as {@link TokenValues#clean} says.
     *
     * @param name                 name
     * @param type                 type
     * @param tokenId              id
     * @param group                group
     * @param serviceAccountUserId service account
     * @param secret               secret
     * @param expiresAt            expiry
     * @param version              version
     * @param updatedAt            stored at
     */
    public StoredToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(serviceAccountUserId, "serviceAccountUserId");
        // Read from a file or a secret store: cleaned (a trailing CR or LF removed) or refused without the value.
        secret = TokenValues.clean(secret);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (type != TokenType.PERSONAL && group.isEmpty()) {
            throw new IllegalArgumentException(type + " tokens need their group");
        }
        if (type == TokenType.SERVICE_ACCOUNT && serviceAccountUserId.isEmpty()) {
            throw new IllegalArgumentException("service account tokens need the service account's user id");
        }
    }

    /**
     * A personal access token, version 1, to seed a store with.
     *
     * @param name      the slot
     * @param tokenId   GitLab's id
     * @param secret    the value
     * @param expiresAt the expiry
     * @param now       the time
     * @return the record
     */
    public static StoredToken personal(String name, long tokenId, String secret, LocalDate expiresAt, Instant now) {
        return new StoredToken(name, TokenType.PERSONAL, tokenId, Optional.empty(), Optional.empty(), secret,
                Optional.of(expiresAt), 1, now);
    }

    /**
     * This token after a rotation.
     *
     * @param newId     the new token's id
     * @param newSecret its value
     * @param newExpiry its expiry
     * @param now       the time
     * @return the record with version + 1
     */
    public StoredToken rotated(long newId, String newSecret, Optional<LocalDate> newExpiry, Instant now) {
        return new StoredToken(name, type, newId, group, serviceAccountUserId, newSecret, newExpiry, version + 1,
                now);
    }

    @Override
    public String toString() {
        // The secret must never reach logs through toString().
        return "StoredToken[name=" + name + ", type=" + type + ", tokenId=" + tokenId + ", group=" + group
                + ", serviceAccountUserId=" + serviceAccountUserId + ", expiresAt=" + expiresAt + ", version="
                + version + ", secret=****]";
    }
}
