package io.scimlab.core.server;

import io.scimlab.core.resource.ScimResource;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What a provider answers to a {@link ResourceQuery}: the resources and which parts of the query it applied.
 *
 * <p>The stream is consumed once by the server and closed after; a provider backed by a paged API can produce
 * it lazily so memory stays bounded.
 *
 * <p>To a cursor query ({@link ResourceQuery#cursorPaged()}) a provider answers with {@link #cursorPage}: exactly
 * the matches of the page, in its own stable order, at most {@code count} of them, and the cursor of the next
 * page unless this is the last one. Such a result may leave {@code totalResults} unknown.
 *
 * @param resources the candidate resources
 * @param filtered true when every resource in the stream matches the filter (the server will not evaluate it
 *     again); false when the stream may hold non-matching resources (a superset)
 * @param sorted true when the stream is already in the requested order
 * @param paged true when the stream is already the requested page (then {@code totalResults} must be set,
 *     except for a cursor page)
 * @param totalResults the number of matching resources across all pages, when the provider knows it
 * @param nextCursor for a cursor page, the provider's cursor of the next page; empty on the last page
 */
public record QueryResult(Stream<ScimResource> resources, boolean filtered, boolean sorted, boolean paged,
        OptionalInt totalResults, Optional<String> nextCursor) {

    /** Checks the components. */
    public QueryResult {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(totalResults, "totalResults");
        Objects.requireNonNull(nextCursor, "nextCursor");
        if (nextCursor.isPresent() && (!paged || !filtered || nextCursor.get().isEmpty())) {
            throw new IllegalArgumentException("a next cursor is non-empty and belongs to a filtered, paged result");
        }
    }

    /**
     * An index-paged result, as before RFC 9865 support.
     *
     * @param resources the candidate resources
     * @param filtered whether every resource matches the filter
     * @param sorted whether the stream is in the requested order
     * @param paged whether the stream is the requested page (then {@code totalResults} must be set)
     * @param totalResults the number of matching resources, when known
     */
    public QueryResult(Stream<ScimResource> resources, boolean filtered, boolean sorted, boolean paged,
            OptionalInt totalResults) {
        this(resources, filtered, sorted, paged, totalResults, Optional.empty());
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

    /**
     * One page of a cursor query (RFC 9865): exactly its matches, in the provider's order.
     *
     * @param resources the matches of the page (at most the query's {@code count})
     * @param nextCursor the provider's cursor of the next page, empty on the last page
     * @param totalResults the number of matches across all pages, when the provider knows it
     * @return the result
     */
    public static QueryResult cursorPage(Stream<ScimResource> resources, Optional<String> nextCursor,
            OptionalInt totalResults) {
        return new QueryResult(resources, true, true, true, totalResults, nextCursor);
    }
}
