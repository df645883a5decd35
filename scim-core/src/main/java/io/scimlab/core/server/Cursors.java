package io.scimlab.core.server;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque RFC 9865 cursors the server hands out: base64url of a kind, the issue time and a position (the
 * provider's own cursor, or the server's next offset), followed by an HMAC-SHA256 tag over them and the query they
 * belong to. A cursor that was altered, that another server key issued, or that is replayed with another filter,
 * sort or endpoint is 400 {@code invalidCursor}; one older than the timeout is 400 {@code expiredCursor}.
 * Package-private.
 */
final class Cursors {
    /** A position the provider issued ({@link QueryResult#nextCursor()}). */
    static final byte PROVIDER = 'P';
    /** A position the server computes: the 0-based offset of the next page. */
    static final byte SERVER = 'S';

    private static final int TAG_BYTES = 16;
    private static final int HEADER_BYTES = 1 + Long.BYTES;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final Duration timeout;
    private final Clock clock;

    /** A verified cursor: who computed the position, and the position. */
    record Position(byte kind, String value) {}

    Cursors(byte[] key, Duration timeout, Clock clock) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a cursor key has at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.timeout = timeout;
        this.clock = clock;
    }

    Duration timeout() {
        return timeout;
    }

    /** A cursor for a position, bound to a query (see {@link #queryKey}). */
    String issue(byte kind, String value, String queryKey) {
        byte[] position = value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(HEADER_BYTES + position.length + TAG_BYTES);
        payload.put(kind).putLong(clock.millis()).put(position);
        byte[] bytes = payload.array();
        byte[] tag = tag(bytes, bytes.length - TAG_BYTES, queryKey);
        System.arraycopy(tag, 0, bytes, bytes.length - TAG_BYTES, TAG_BYTES);
        return ENCODER.encodeToString(bytes);
    }

    /** Verifies a non-empty cursor against the query it is used with. */
    Position open(String cursor, String queryKey) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor.trim());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length < HEADER_BYTES + TAG_BYTES) {
            throw invalid();
        }
        int payloadLength = bytes.length - TAG_BYTES;
        byte[] expected = tag(bytes, payloadLength, queryKey);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, payloadLength, bytes.length))) {
            throw invalid();
        }
        ByteBuffer payload = ByteBuffer.wrap(bytes, 0, payloadLength);
        byte kind = payload.get();
        long issued = payload.getLong();
        if (clock.millis() - issued > timeout.toMillis()) {
            throw ScimException.of(ScimType.EXPIRED_CURSOR, "the cursor has expired (cursors are valid for "
                    + timeout.toSeconds() + " s); start again from the first page with cursor=");
        }
        String value = new String(bytes, HEADER_BYTES, payloadLength - HEADER_BYTES, StandardCharsets.UTF_8);
        return new Position(kind, value);
    }

    /** The offset a server cursor holds. */
    static long offset(Position position) {
        if (position.kind() != SERVER) {
            throw invalid();
        }
        try {
            long offset = Long.parseLong(position.value());
            if (offset < 0 || offset >= Integer.MAX_VALUE) {
                throw invalid();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    static ScimException invalid() {
        return ScimException.of(ScimType.INVALID_CURSOR, "the cursor is not valid for this request: use the"
                + " nextCursor of the previous page with the same filter and sort, or an empty cursor for the first");
    }

    /** What a cursor is bound to: the endpoint's types, the filter and the sort (not count or projection). */
    static String queryKey(ListParams p, Iterable<String> typeNames) {
        StringBuilder key = new StringBuilder();
        typeNames.forEach(name -> key.append(name).append(','));
        key.append('\n').append(p.filter().map(String::trim).orElse("")).append('\n')
                .append(p.sortBy().map(String::trim).orElse("")).append('\n').append(p.descending());
        return key.toString();
    }

    private byte[] tag(byte[] bytes, int length, String queryKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(bytes, 0, length);
            mac.update((byte) 0);
            mac.update(queryKey.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
