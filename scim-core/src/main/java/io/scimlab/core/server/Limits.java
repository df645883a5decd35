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
 */
public record Limits(int maxBodyBytes, int maxNestingDepth, int maxResults, int bulkMaxOperations,
        int bulkMaxPayloadBytes, int maxVersionRetries) {

    /** Checks the values. */
    public Limits {
        if (maxBodyBytes < 1 || maxResults < 1 || bulkMaxOperations < 0 || bulkMaxPayloadBytes < 1
                || maxVersionRetries < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxNestingDepth < 4) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 4");
        }
    }

    /** 1 MiB bodies, nesting 64, 1000 results a page, 1000 bulk operations in 4 MiB, 10 retries. */
    public static Limits defaults() {
        return new Limits(1 << 20, 64, 1000, 1000, 4 << 20, 10);
    }

    /**
     * A copy with another body limit.
     *
     * @param value the largest body in bytes
     * @return the copy
     */
    public Limits withMaxBodyBytes(int value) {
        return new Limits(value, maxNestingDepth, maxResults, bulkMaxOperations, bulkMaxPayloadBytes,
                maxVersionRetries);
    }

    /**
     * A copy with another nesting limit.
     *
     * @param value the deepest nesting
     * @return the copy
     */
    public Limits withMaxNestingDepth(int value) {
        return new Limits(maxBodyBytes, value, maxResults, bulkMaxOperations, bulkMaxPayloadBytes,
                maxVersionRetries);
    }

    /**
     * A copy with another page size limit.
     *
     * @param value the most results in a page
     * @return the copy
     */
    public Limits withMaxResults(int value) {
        return new Limits(maxBodyBytes, maxNestingDepth, value, bulkMaxOperations, bulkMaxPayloadBytes,
                maxVersionRetries);
    }

    /**
     * A copy with other bulk limits.
     *
     * @param operations the most operations
     * @param payloadBytes the largest payload
     * @return the copy
     */
    public Limits withBulk(int operations, int payloadBytes) {
        return new Limits(maxBodyBytes, maxNestingDepth, maxResults, operations, payloadBytes, maxVersionRetries);
    }
}
