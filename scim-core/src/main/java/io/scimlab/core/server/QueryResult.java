package io.scimlab.core.server;

import io.scimlab.core.resource.ScimResource;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What a provider answers to a {@link ResourceQuery}: the resources and which parts of the query it applied.
 *
 * <p>The stream is consumed once by the server and closed after; a provider backed by a paged API can produce
 * it lazily so memory stays bounded.
 *
 * @param resources the candidate resources
 * @param filtered true when every resource in the stream matches the filter (the server will not evaluate it
 *     again); false when the stream may hold non-matching resources (a superset)
 * @param sorted true when the stream is already in the requested order
 * @param paged true when the stream is already the requested page (then {@code totalResults} must be set)
 * @param totalResults the number of matching resources across all pages, when the provider knows it
 */
public record QueryResult(Stream<ScimResource> resources, boolean filtered, boolean sorted, boolean paged,
        OptionalInt totalResults) {

    /** Checks the components. */
    public QueryResult {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(totalResults, "totalResults");
        if (paged && totalResults.isEmpty()) {
            throw new IllegalArgumentException("a paged result must say its totalResults");
        }
    }

    /**
     * Candidates the server must filter, sort and page itself.
     *
     * @param resources the candidates (a superset of the matches)
     * @return the result
     */
    public static QueryResult unfiltered(Stream<ScimResource> resources) {
        return new QueryResult(resources, false, false, false, OptionalInt.empty());
    }

    /**
     * Exactly the matches, in no particular order, for the server to sort and page.
     *
     * @param resources the matching resources
     * @return the result
     */
    public static QueryResult filtered(Stream<ScimResource> resources) {
        return new QueryResult(resources, true, false, false, OptionalInt.empty());
    }
}
