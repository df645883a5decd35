package io.scimlab.core.server;

import io.scimlab.core.filter.Filter;
import java.util.Objects;
import java.util.Optional;

/**
 * A list request as a provider receives it (RFC 7644 §3.4.2): everything already parsed. A provider may
 * apply any part of it and tell the server which parts it applied in its {@link QueryResult}; the server
 * does the rest in memory, so every provider supports the whole query language.
 *
 * <p>A {@code cursor} (RFC 9865) is only ever set for a provider whose {@link ResourceProvider#supportsCursor()}
 * is true, with no {@code sortBy} and a {@code startIndex} of 1: the empty string asks for the first page, any
 * other value is a {@link QueryResult#nextCursor()} the provider returned before for the same filter (the server
 * wraps it in a tamper-evident cursor of its own, so the provider sees only values it issued).
 *
 * @param filter the filter, if any
 * @param sortBy the canonical attribute path to sort by, if any
 * @param descending whether to sort descending
 * @param startIndex the 1-based index of the first result wanted (at least 1)
 * @param count how many results are wanted (0 for the total only)
 * @param cursor the RFC 9865 cursor of the page wanted ({@code ""} for the first), when paging by cursor
 */
public record ResourceQuery(Optional<Filter> filter, Optional<String> sortBy, boolean descending, int startIndex,
        int count, Optional<String> cursor) {

    /** Checks the components. */
    public ResourceQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(sortBy, "sortBy");
        Objects.requireNonNull(cursor, "cursor");
        if (startIndex < 1) {
            throw new IllegalArgumentException("startIndex is 1-based");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
    }

    /**
     * An index-paged query (no cursor), as before RFC 9865 support.
     *
     * @param filter the filter, if any
     * @param sortBy the canonical attribute path to sort by, if any
     * @param descending whether to sort descending
     * @param startIndex the 1-based index of the first result wanted (at least 1)
     * @param count how many results are wanted (0 for the total only)
     */
    public ResourceQuery(Optional<Filter> filter, Optional<String> sortBy, boolean descending, int startIndex,
            int count) {
        this(filter, sortBy, descending, startIndex, count, Optional.empty());
    }

    /**
     * Every resource, unfiltered, from the first, up to a count.
     *
     * @param count the most results wanted
     * @return the query
     */
    public static ResourceQuery all(int count) {
        return new ResourceQuery(Optional.empty(), Optional.empty(), false, 1, count);
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
        return new ResourceQuery(filter, Optional.empty(), false, 1, count, Optional.of(cursor));
    }

    /** Whether this query pages by cursor (RFC 9865) rather than by index. */
    public boolean cursorPaged() {
        return cursor.isPresent();
    }
}
