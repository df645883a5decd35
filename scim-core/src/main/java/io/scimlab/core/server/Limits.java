package io.scimlab.core.server;

import io.scimlab.core.resource.ResourceReader;
import java.util.Objects;

/**
 * Hard limits on what one request may ask of the server; each is enforced with a SCIM error before any work
 * proportional to the excess is done. Filter limits live in {@link io.scimlab.core.filter.FilterOptions} (see
 * {@link Compatibility}).
 *
 * <p>An immutable value, equal when every limit is equal. {@link #defaults()} holds the defaults; change any with
 * {@link #builder()} or {@link #toBuilder()}: {@code Limits.defaults().toBuilder().maxBodyBytes(64 << 10).build()}.
 */
public final class Limits {
    /** The default {@link #maxOffset()}. */
    public static final int DEFAULT_MAX_OFFSET = 100_000;
    /**
     * The default {@link #maxStringLength()}: 64 Ki characters, far above any real attribute value (a base64
     * X.509 certificate chain is a few KiB) and far below the body limit, so one value cannot fill a store's row.
     */
    public static final int DEFAULT_MAX_STRING_LENGTH = ResourceReader.DEFAULT_MAX_STRING_LENGTH;
    /**
     * The default {@link #maxNameLength()}: 1,024 characters. Names and identifiers are shown, indexed, logged and
     * compared on every request; identity providers and targets cap them far lower (Entra's userPrincipalName 113,
     * Okta's login 100, Active Directory's displayName 256, GitLab's username and name 255), so 1,024 refuses only
     * junk while leaving room for every real directory.
     */
    public static final int DEFAULT_MAX_NAME_LENGTH = ResourceReader.DEFAULT_MAX_NAME_LENGTH;

    private static final Limits DEFAULTS = new Builder().build();

    private final int maxBodyBytes;
    private final int maxNestingDepth;
    private final int maxResults;
    private final int bulkMaxOperations;
    private final int bulkMaxPayloadBytes;
    private final int maxVersionRetries;
    private final int maxOffset;
    private final int maxStringLength;
    private final int maxNameLength;

    private Limits(Builder b) {
        if (b.maxBodyBytes < 1 || b.maxResults < 1 || b.bulkMaxOperations < 0 || b.bulkMaxPayloadBytes < 1
                || b.maxVersionRetries < 0 || b.maxOffset < 1 || b.maxStringLength < 1 || b.maxNameLength < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (b.maxNestingDepth < 4) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 4");
        }
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxResults = b.maxResults;
        this.bulkMaxOperations = b.bulkMaxOperations;
        this.bulkMaxPayloadBytes = b.bulkMaxPayloadBytes;
        this.maxVersionRetries = b.maxVersionRetries;
        this.maxOffset = b.maxOffset;
        this.maxStringLength = b.maxStringLength;
        this.maxNameLength = b.maxNameLength;
    }

    /**
     * 1 MiB bodies, nesting 64, 1000 results a page, 1000 bulk operations in 4 MiB, 10 retries, index paging down
     * to position 100,000, string values up to 65,536 characters and names up to 1,024.
     */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The largest request body outside {@code /Bulk}, in bytes (413 beyond). */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The deepest JSON nesting of a body (400 {@code invalidSyntax} beyond). */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** The most resources one list response holds ({@code count} is clamped to it). */
    public int maxResults() {
        return maxResults;
    }

    /** The most operations one {@code /Bulk} request holds (413 beyond; 0 turns {@code /Bulk} off). */
    public int bulkMaxOperations() {
        return bulkMaxOperations;
    }

    /** The largest {@code /Bulk} body, in bytes (413 beyond). */
    public int bulkMaxPayloadBytes() {
        return bulkMaxPayloadBytes;
    }

    /**
     * How often a PATCH or PUT without {@code If-Match} is re-applied after a concurrent change before it is
     * answered with 503 and {@code Retry-After: 1}.
     */
    public int maxVersionRetries() {
        return maxVersionRetries;
    }

    /**
     * The deepest position an index-paged list may reach: {@code startIndex - 1 + count} beyond it is 400
     * {@code invalidValue} (the server would otherwise ask providers for, and keep, that many results); deeper
     * pages are read with cursor pagination.
     */
    public int maxOffset() {
        return maxOffset;
    }

    /**
     * The longest string value of any attribute (string, reference or binary), in characters: 400
     * {@code invalidValue} naming the attribute beyond it (default {@value #DEFAULT_MAX_STRING_LENGTH}).
     */
    public int maxStringLength() {
        return maxStringLength;
    }

    /**
     * The longest name or identifier ({@code userName}, {@code displayName}, {@code nickName}, {@code externalId}
     * and the parts of {@code name}), in characters: 400 {@code invalidValue} naming the attribute beyond it
     * (default {@value #DEFAULT_MAX_NAME_LENGTH}). At most {@link #maxStringLength()} in effect.
     */
    public int maxNameLength() {
        return maxNameLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Limits other && maxBodyBytes == other.maxBodyBytes
                && maxNestingDepth == other.maxNestingDepth && maxResults == other.maxResults
                && bulkMaxOperations == other.bulkMaxOperations && bulkMaxPayloadBytes == other.bulkMaxPayloadBytes
                && maxVersionRetries == other.maxVersionRetries && maxOffset == other.maxOffset
                && maxStringLength == other.maxStringLength && maxNameLength == other.maxNameLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxBodyBytes, maxNestingDepth, maxResults, bulkMaxOperations, bulkMaxPayloadBytes,
                maxVersionRetries, maxOffset, maxStringLength, maxNameLength);
    }

    @Override
    public String toString() {
        return "Limits{maxBodyBytes=" + maxBodyBytes + ", maxNestingDepth=" + maxNestingDepth + ", maxResults="
                + maxResults + ", bulkMaxOperations=" + bulkMaxOperations + ", bulkMaxPayloadBytes="
                + bulkMaxPayloadBytes + ", maxVersionRetries=" + maxVersionRetries + ", maxOffset=" + maxOffset
                + ", maxStringLength=" + maxStringLength + ", maxNameLength=" + maxNameLength + "}";
    }

    /** Builds {@link Limits}; {@link #build()} checks every limit is positive. */
    public static final class Builder {
        private int maxBodyBytes = 1 << 20;
        private int maxNestingDepth = 64;
        private int maxResults = 1000;
        private int bulkMaxOperations = 1000;
        private int bulkMaxPayloadBytes = 4 << 20;
        private int maxVersionRetries = 10;
        private int maxOffset = DEFAULT_MAX_OFFSET;
        private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
        private int maxNameLength = DEFAULT_MAX_NAME_LENGTH;

        private Builder() {}

        private Builder(Limits from) {
            maxBodyBytes = from.maxBodyBytes;
            maxNestingDepth = from.maxNestingDepth;
            maxResults = from.maxResults;
            bulkMaxOperations = from.bulkMaxOperations;
            bulkMaxPayloadBytes = from.bulkMaxPayloadBytes;
            maxVersionRetries = from.maxVersionRetries;
            maxOffset = from.maxOffset;
            maxStringLength = from.maxStringLength;
            maxNameLength = from.maxNameLength;
        }

        /**
         * Sets {@link Limits#maxBodyBytes()}.
         *
         * @param value the largest body in bytes
         * @return this builder
         */
        public Builder maxBodyBytes(int value) {
            maxBodyBytes = value;
            return this;
        }

        /**
         * Sets {@link Limits#maxNestingDepth()}.
         *
         * @param value the deepest nesting, at least 4
         * @return this builder
         */
        public Builder maxNestingDepth(int value) {
            maxNestingDepth = value;
            return this;
        }

        /**
         * Sets {@link Limits#maxResults()}.
         *
         * @param value the most results in a page
         * @return this builder
         */
        public Builder maxResults(int value) {
            maxResults = value;
            return this;
        }

        /**
         * Sets {@link Limits#bulkMaxOperations()}.
         *
         * @param value the most operations in one bulk request, 0 to turn bulk off
         * @return this builder
         */
        public Builder bulkMaxOperations(int value) {
            bulkMaxOperations = value;
            return this;
        }

        /**
         * Sets {@link Limits#bulkMaxPayloadBytes()}.
         *
         * @param value the largest bulk body in bytes
         * @return this builder
         */
        public Builder bulkMaxPayloadBytes(int value) {
            bulkMaxPayloadBytes = value;
            return this;
        }

        /**
         * Sets {@link Limits#maxVersionRetries()}.
         *
         * @param value how often a conflicting update is re-applied
         * @return this builder
         */
        public Builder maxVersionRetries(int value) {
            maxVersionRetries = value;
            return this;
        }

        /**
         * Sets {@link Limits#maxOffset()}.
         *
         * @param value the largest {@code startIndex - 1 + count}
         * @return this builder
         */
        public Builder maxOffset(int value) {
            maxOffset = value;
            return this;
        }

        /**
         * Sets {@link Limits#maxStringLength()}.
         *
         * @param value the longest string value, in characters
         * @return this builder
         */
        public Builder maxStringLength(int value) {
            maxStringLength = value;
            return this;
        }

        /**
         * Sets {@link Limits#maxNameLength()}.
         *
         * @param value the longest name or identifier, in characters
         * @return this builder
         */
        public Builder maxNameLength(int value) {
            maxNameLength = value;
            return this;
        }

        /**
         * Builds the limits.
         *
         * @return the limits
         * @throws IllegalArgumentException when a limit is not positive or the nesting depth is below 4
         */
        public Limits build() {
            return new Limits(this);
        }
    }
}
