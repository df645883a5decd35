package io.scimlab.core.server;

import io.scimlab.core.filter.Filter;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A list request as a provider receives it (RFC 7644 §3.4.2): everything already parsed. A provider may
 * apply any part of it and tell the server which parts it applied in its {@link QueryResult}; the server
 * does the rest in memory, so every provider supports the whole query language.
 *
 * <p>A {@link #cursor()} (RFC 9865) is only ever set for a provider whose {@link ResourceProvider#supportsCursor()}
 * is true, with no {@code sortBy} and a {@code startIndex} of 1: the empty string asks for the first page, any
 * other value is a {@link QueryResult#nextCursor()} the provider returned before for the same filter (the server
 * wraps it in a tamper-evident cursor of its own, so the provider sees only values it issued).
 *
 * <p>An immutable value, equal when every part is equal. Built with {@link #builder()} (providers' tests mostly),
 * {@link #all(int)} or {@link #byCursor}.
 */
public final class ResourceQuery {
    private final Optional<Filter> filter;
    private final Optional<String> sortBy;
    private final boolean descending;
    private final int startIndex;
    private final int count;
    private final Optional<String> cursor;

    private ResourceQuery(Builder b) {
        if (b.startIndex < 1) {
            throw new IllegalArgumentException("startIndex is 1-based");
        }
        if (b.count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        this.filter = Optional.ofNullable(b.filter);
        this.sortBy = Optional.ofNullable(b.sortBy);
        this.descending = b.descending;
        this.startIndex = b.startIndex;
        this.count = b.count;
        this.cursor = Optional.ofNullable(b.cursor);
    }

    /** A builder: no filter, unsorted, from the first result, a count of 100. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this query. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.filter = filter.orElse(null);
        b.sortBy = sortBy.orElse(null);
        b.descending = descending;
        b.startIndex = startIndex;
        b.count = count;
        b.cursor = cursor.orElse(null);
        return b;
    }

    /**
     * Every resource, unfiltered, from the first, up to a count.
     *
     * @param count the most results wanted
     * @return the query
     */
    public static ResourceQuery all(int count) {
        return builder().count(count).build();
    }

    /**
     * A cursor-paged query (RFC 9865).
     *
     * @param filter the filter, if any
     * @param cursor {@code ""} for the first page, else a {@link QueryResult#nextCursor()} of this provider
     * @param count how many results are wanted at most
     * @return the query
     */
    public static ResourceQuery byCursor(Optional<Filter> filter, String cursor, int count) {
        return builder().filter(filter.orElse(null)).cursor(Objects.requireNonNull(cursor, "cursor")).count(count)
                .build();
    }

    /** The filter, if any. */
    public Optional<Filter> filter() {
        return filter;
    }

    /** The canonical attribute path to sort by, if any. */
    public Optional<String> sortBy() {
        return sortBy;
    }

    /** Whether to sort descending. */
    public boolean descending() {
        return descending;
    }

    /** The 1-based index of the first result wanted (at least 1). */
    public int startIndex() {
        return startIndex;
    }

    /** How many results are wanted (0 for the total only). */
    public int count() {
        return count;
    }

    /** The RFC 9865 cursor of the page wanted ({@code ""} for the first), when paging by cursor. */
    public Optional<String> cursor() {
        return cursor;
    }

    /** Whether this query pages by cursor (RFC 9865) rather than by index. */
    public boolean cursorPaged() {
        return cursor.isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceQuery other && filter.equals(other.filter) && sortBy.equals(other.sortBy)
                && descending == other.descending && startIndex == other.startIndex && count == other.count
                && cursor.equals(other.cursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(filter, sortBy, descending, startIndex, count, cursor);
    }

    @Override
    public String toString() {
        return "ResourceQuery{filter=" + filter.map(Filter::toString).orElse("") + ", sortBy=" + sortBy.orElse("")
                + (descending ? " descending" : "") + ", startIndex=" + startIndex + ", count=" + count
                + cursor.map(c -> ", cursor=" + c).orElse("") + "}";
    }

    /** Builds a {@link ResourceQuery}. */
    public static final class Builder {
        private @Nullable Filter filter;
        private @Nullable String sortBy;
        private boolean descending;
        private int startIndex = 1;
        private int count = 100;
        private @Nullable String cursor;

        private Builder() {}

        /**
         * Sets the filter.
         *
         * @param value the filter, or null for none
         * @return this builder
         */
        public Builder filter(@Nullable Filter value) {
            filter = value;
            return this;
        }

        /**
         * Sets the attribute to sort by.
         *
         * @param value a canonical attribute path, or null for no order
         * @return this builder
         */
        public Builder sortBy(@Nullable String value) {
            sortBy = value;
            return this;
        }

        /**
         * Sets the sort direction.
         *
         * @param value true for descending
         * @return this builder
         */
        public Builder descending(boolean value) {
            descending = value;
            return this;
        }

        /**
         * Sets the first result wanted.
         *
         * @param value the 1-based index (at least 1)
         * @return this builder
         */
        public Builder startIndex(int value) {
            startIndex = value;
            return this;
        }

        /**
         * Sets how many results are wanted.
         *
         * @param value at least 0 (0 asks for the total only)
         * @return this builder
         */
        public Builder count(int value) {
            count = value;
            return this;
        }

        /**
         * Sets the RFC 9865 cursor (see {@link ResourceQuery#cursor()}).
         *
         * @param value the cursor ({@code ""} for the first page), or null to page by index
         * @return this builder
         */
        public Builder cursor(@Nullable String value) {
            cursor = value;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws IllegalArgumentException when {@code startIndex} is below 1 or {@code count} negative
         */
        public ResourceQuery build() {
            return new ResourceQuery(this);
        }
    }
}
