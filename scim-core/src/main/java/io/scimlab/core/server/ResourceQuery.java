package io.scimlab.core.server;

import io.scimlab.core.filter.Filter;
import java.util.Objects;
import java.util.Optional;

/**
 * A list request as a provider receives it (RFC 7644 §3.4.2): everything already parsed. A provider may
 * apply any part of it and tell the server which parts it applied in its {@link QueryResult}; the server
 * does the rest in memory, so every provider supports the whole query language.
 *
 * @param filter the filter, if any
 * @param sortBy the canonical attribute path to sort by, if any
 * @param descending whether to sort descending
 * @param startIndex the 1-based index of the first result wanted (at least 1)
 * @param count how many results are wanted (0 for the total only)
 */
public record ResourceQuery(Optional<Filter> filter, Optional<String> sortBy, boolean descending, int startIndex,
        int count) {

    /** Checks the components. */
    public ResourceQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(sortBy, "sortBy");
        if (startIndex < 1) {
            throw new IllegalArgumentException("startIndex is 1-based");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
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
}
