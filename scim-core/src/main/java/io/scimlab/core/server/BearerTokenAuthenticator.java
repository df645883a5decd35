package io.scimlab.core.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Bearer-token authentication (RFC 6750) with several active tokens at once, so a token can be rotated without
 * downtime: add the new one, move the identity provider to it, revoke the old one.
 *
 * <p>Tokens are held only as SHA-256 hashes and compared in constant time ({@link MessageDigest#isEqual}) against
 * every active token, so neither the comparison nor the position of the matching token leaks through timing. Each
 * token has a name, which becomes the request's principal, and optionally a tenant. The token itself never
 * appears in an exception, a log or {@link #toString()}.
 *
 * <p>Thread-safe: {@link #add} and {@link #revoke} swap an immutable token list (under a lock) while
 * requests are served.
 */
public final class BearerTokenAuthenticator implements Authenticator {
    private final Object lock = new Object();
    /** Immutable; replaced whole, under the lock. */
    private volatile List<Entry> tokens = List.of();

    // The hash is compared with MessageDigest.isEqual (constant time) only, never through the record's equals.
    @SuppressWarnings("ArrayRecordComponent")
    private record Entry(String name, byte[] hash, Optional<String> tenant) {}

    private BearerTokenAuthenticator() {}

    /** An authenticator without tokens (every request is 401 until one is added). */
    public static BearerTokenAuthenticator create() {
        return new BearerTokenAuthenticator();
    }

    /**
     * Adds (or replaces, by name) an active token.
     *
     * @param name the token's name, the principal of requests that present it
     * @param token the secret token; only its SHA-256 hash is kept
     * @return this authenticator
     */
    public BearerTokenAuthenticator add(String name, String token) {
        return addHash(name, sha256(Objects.requireNonNull(token, "token")), Optional.empty());
    }

    /**
     * Adds (or replaces, by name) an active token scoped to a tenant.
     *
     * @param name the token's name
     * @param token the secret token; only its SHA-256 hash is kept
     * @param tenant the tenant requests with this token are scoped to
     * @return this authenticator
     */
    public BearerTokenAuthenticator add(String name, String token, String tenant) {
        return addHash(name, sha256(Objects.requireNonNull(token, "token")), Optional.of(tenant));
    }

    /**
     * Adds (or replaces, by name) an active token known only by its hash, so that configuration never holds the
     * secret.
     *
     * @param name the token's name
     * @param sha256Hex the lower- or upper-case hex SHA-256 of the token's UTF-8 bytes
     * @return this authenticator
     */
    public BearerTokenAuthenticator addHash(String name, String sha256Hex) {
        byte[] hash = HexFormat.of().parseHex(sha256Hex);
        if (hash.length != 32) {
            throw new IllegalArgumentException("a SHA-256 hash is 32 bytes");
        }
        return addHash(name, hash, Optional.empty());
    }

    private BearerTokenAuthenticator addHash(String name, byte[] hash, Optional<String> tenant) {
        Objects.requireNonNull(name, "name");
        synchronized (lock) {
            List<Entry> next = new ArrayList<>(tokens);
            next.removeIf(e -> e.name().equals(name));
            next.add(new Entry(name, hash, tenant));
            tokens = List.copyOf(next);
        }
        return this;
    }

    /**
     * Revokes a token by name; requests presenting it are 401 from now on.
     *
     * @param name the token's name
     * @return whether a token of that name was active
     */
    public boolean revoke(String name) {
        synchronized (lock) {
            List<Entry> next = new ArrayList<>(tokens);
            boolean found = next.removeIf(e -> e.name().equals(name));
            tokens = List.copyOf(next);
            return found;
        }
    }

    /** The names of the active tokens. */
    public List<String> names() {
        return tokens.stream().map(Entry::name).toList();
    }

    @Override
    public Optional<Authentication> authenticate(ScimRequest request) {
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(value.substring(7).trim());
        Entry match = null;
        // Compare against every token, without stopping at a match, so timing says nothing about which matched.
        for (Entry entry : tokens) {
            if (MessageDigest.isEqual(entry.hash(), presented) && match == null) {
                match = entry;
            }
        }
        return match == null ? Optional.empty()
                : Optional.of(new Authentication(match.name(), match.tenant(), java.util.Map.of()));
    }

    /**
     * The SHA-256 of a token's UTF-8 bytes, as lower-case hex: what {@link #addHash(String, String)} takes.
     *
     * @param token the token
     * @return the hex hash
     */
    public static String hashHex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Lists the token names only, never a token or hash. */
    @Override
    public String toString() {
        return "BearerTokenAuthenticator" + names();
    }
}
