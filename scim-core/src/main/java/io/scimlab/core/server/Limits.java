package io.scimlab.core.server;

/**
 * Hard limits on what one request may ask of the server; each is enforced with a SCIM error before any work is
 * done. Filter limits live in {@link io.scimlab.core.filter.FilterOptions} (see {@link Compatibility}).
 *
 * @param maxBodyBytes the largest request body outside {@code /Bulk} (413 beyond)
 * @param maxNestingDepth the deepest JSON nesting of a body (400 {@code invalidSyntax} beyond)
 * @param maxResults the most resources one list response holds ({@code count} is clamped to it)
 * @param bulkMaxOperations the most operations one {@code /Bulk} request holds (413 beyond)
 * @param bulkMaxPayloadBytes the largest {@code /Bulk} body (413 beyond)
 * @param maxVersionRetries how often a PATCH or PUT without {@code If-Match} is re-applied after a concurrent
 *     change before it is answered with 503 and {@code Retry-After: 1}
 * @param maxOffset the deepest position an index-paged list may reach: {@code startIndex - 1 + count} beyond it
 *     is 400 {@code invalidValue} (the server would otherwise ask providers for, and keep, that many results);
 *     deeper pages are read with cursor pagination
 */
public record Limits(int maxBodyBytes, int maxNestingDepth, int maxResults, int bulkMaxOperations,
        int bulkMaxPayloadBytes, int maxVersionRetries, int maxOffset) {

    /** The default {@link #maxOffset()}. */
    public static final int DEFAULT_MAX_OFFSET = 100_000;

    /** Checks the values. */
    public Limits {
        if (maxBodyBytes < 1 || maxResults < 1 || bulkMaxOperations < 0 || bulkMaxPayloadBytes < 1
                || maxVersionRetries < 0 || maxOffset < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxNestingDepth < 4) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 4");
        }
    }

    /**
     * Limits with the default {@link #maxOffset()} ({@value #DEFAULT_MAX_OFFSET}), as before it existed.
     *
     * @param maxBodyBytes the largest request body outside {@code /Bulk}
     * @param maxNestingDepth the deepest JSON nesting of a body
     * @param maxResults the most resources one list response holds
     * @param bulkMaxOperations the most operations one {@code /Bulk} request holds
     * @param bulkMaxPayloadBytes the largest {@code /Bulk} body
     * @param maxVersionRetries how often a PATCH or PUT without {@code If-Match} is re-applied
     */
    public Limits(int maxBodyBytes, int maxNestingDepth, int maxResults, int bulkMaxOperations,
            int bulkMaxPayloadBytes, int maxVersionRetries) {
        this(maxBodyBytes, maxNestingDepth, maxResults, bulkMaxOperations, bulkMaxPayloadBytes, maxVersionRetries,
                DEFAULT_MAX_OFFSET);
    }

    /**
     * 1 MiB bodies, nesting 64, 1000 results a page, 1000 bulk operations in 4 MiB, 10 retries, index paging
     * down to position 100,000.
     */
    public static Limits defaults() {
        return new Limits(1 << 20, 64, 1000, 1000, 4 << 20, 10, DEFAULT_MAX_OFFSET);
    }

    /**
     * A copy with another deepest index-paging position.
     *
     * @param value the largest {@code startIndex - 1 + count}
     * @return the copy
     */
    public Limits withMaxOffset(int value) {
        return new Limits(maxBodyBytes, maxNestingDepth, maxResults, bulkMaxOperations, bulkMaxPayloadBytes,
                maxVersionRetries, value);
    }

    /**
     * A copy with another body limit.
     *
     * @param value the largest body in bytes
     * @return the copy
     */
    public Limits withMaxBodyBytes(int value) {
        return new Limits(value, maxNestingDepth, maxResults, bulkMaxOperations, bulkMaxPayloadBytes,
                maxVersionRetries, maxOffset);
    }

    /**
     * A copy with another nesting limit.
     *
     * @param value the deepest nesting
     * @return the copy
     */
    public Limits withMaxNestingDepth(int value) {
        return new Limits(maxBodyBytes, value, maxResults, bulkMaxOperations, bulkMaxPayloadBytes,
                maxVersionRetries, maxOffset);
    }

    /**
     * A copy with another page size limit.
     *
     * @param value the most results in a page
     * @return the copy
     */
    public Limits withMaxResults(int value) {
        return new Limits(maxBodyBytes, maxNestingDepth, value, bulkMaxOperations, bulkMaxPayloadBytes,
                maxVersionRetries, maxOffset);
    }

    /**
     * A copy with other bulk limits.
     *
     * @param operations the most operations
     * @param payloadBytes the largest payload
     * @return the copy
     */
    public Limits withBulk(int operations, int payloadBytes) {
        return new Limits(maxBodyBytes, maxNestingDepth, maxResults, operations, payloadBytes, maxVersionRetries,
                maxOffset);
    }
}
