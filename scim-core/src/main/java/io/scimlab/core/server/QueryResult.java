package io.scimlab.core.server;

import io.scimlab.core.resource.ScimResource;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What a provider answers to a {@link ResourceQuery}: the resources and which parts of the query it applied.
 *
 * <p>The stream is consumed once by the server and closed after; a provider backed by a paged API can produce
 * it lazily so memory stays bounded.
 *
 * <p>Most providers answer with {@link #unfiltered} (candidates the server filters, sorts and pages) or
 * {@link #filtered} (exactly the matches); a provider that sorts or pages itself says so with {@link #builder}.
 * To a cursor query ({@link ResourceQuery#cursorPaged()}) a provider answers with {@link #cursorPage}: exactly
 * the matches of the page, in its own stable order, at most {@code count} of them, and the cursor of the next
 * page unless this is the last one. Such a result may leave {@code totalResults} unknown.
 *
 * <p>Immutable; equal when every part is equal (the stream by identity).
 */
public final class QueryResult {
    private final Stream<ScimResource> resources;
    private final boolean filtered;
    private final boolean sorted;
    private final boolean paged;
    private final OptionalInt totalResults;
    private final Optional<String> nextCursor;

    private QueryResult(Builder b) {
        if (b.nextCursor != null && (!b.paged || !b.filtered || b.nextCursor.isEmpty())) {
            throw new IllegalArgumentException("a next cursor is non-empty and belongs to a filtered, paged result");
        }
        if (b.paged && b.totalResults.isEmpty() && !b.cursorPage && b.nextCursor == null) {
            throw new IllegalArgumentException("a paged result must say its totalResults");
        }
        this.resources = b.resources;
        this.filtered = b.filtered;
        this.sorted = b.sorted;
        this.paged = b.paged;
        this.totalResults = b.totalResults;
        this.nextCursor = Optional.ofNullable(b.nextCursor);
    }

    /**
     * A builder of a result whose stream is a superset of the matches in no particular order, until its setters
     * say otherwise.
     *
     * @param resources the candidate resources
     * @return the builder
     */
    public static Builder builder(Stream<ScimResource> resources) {
        return new Builder(resources);
    }

    /**
     * Candidates the server must filter, sort and page itself.
     *
     * @param resources the candidates (a superset of the matches)
     * @return the result
     */
    public static QueryResult unfiltered(Stream<ScimResource> resources) {
        return builder(resources).build();
    }

    /**
     * Exactly the matches, in no particular order, for the server to sort and page.
     *
     * @param resources the matching resources
     * @return the result
     */
    public static QueryResult filtered(Stream<ScimResource> resources) {
        return builder(resources).filtered(true).build();
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
        Builder b = builder(resources).filtered(true).sorted(true).paged(true).nextCursor(nextCursor.orElse(null));
        b.cursorPage = true;
        b.totalResults = Objects.requireNonNull(totalResults, "totalResults");
        return b.build();
    }

    /** The candidate resources, to be consumed once. */
    public Stream<ScimResource> resources() {
        return resources;
    }

    /**
     * True when every resource in the stream matches the filter (the server will not evaluate it again); false
     * when the stream may hold non-matching resources (a superset).
     */
    public boolean filtered() {
        return filtered;
    }

    /** True when the stream is already in the requested order. */
    public boolean sorted() {
        return sorted;
    }

    /**
     * True when the stream is already the requested page (then {@link #totalResults()} is set, except for a
     * cursor page).
     */
    public boolean paged() {
        return paged;
    }

    /** The number of matching resources across all pages, when the provider knows it. */
    public OptionalInt totalResults() {
        return totalResults;
    }

    /** For a cursor page, the provider's cursor of the next page; empty on the last page. */
    public Optional<String> nextCursor() {
        return nextCursor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryResult other && resources == other.resources && filtered == other.filtered
                && sorted == other.sorted && paged == other.paged && totalResults.equals(other.totalResults)
                && nextCursor.equals(other.nextCursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(resources), filtered, sorted, paged, totalResults, nextCursor);
    }

    @Override
    public String toString() {
        return "QueryResult{filtered=" + filtered + ", sorted=" + sorted + ", paged=" + paged
                + (totalResults.isPresent() ? ", totalResults=" + totalResults.getAsInt() : "")
                + nextCursor.map(c -> ", nextCursor=" + c).orElse("") + "}";
    }

    /** Builds a {@link QueryResult}. */
    public static final class Builder {
        private final Stream<ScimResource> resources;
        private boolean filtered;
        private boolean sorted;
        private boolean paged;
        private OptionalInt totalResults = OptionalInt.empty();
        private @Nullable String nextCursor;
        private boolean cursorPage;

        private Builder(Stream<ScimResource> resources) {
            this.resources = Objects.requireNonNull(resources, "resources");
        }

        /**
         * Says whether every resource in the stream matches the filter (see {@link QueryResult#filtered()}).
         *
         * @param value the flag
         * @return this builder
         */
        public Builder filtered(boolean value) {
            filtered = value;
            return this;
        }

        /**
         * Says whether the stream is in the requested order.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder sorted(boolean value) {
            sorted = value;
            return this;
        }

        /**
         * Says whether the stream is exactly the requested page (then set {@link #totalResults(int)}).
         *
         * @param value the flag
         * @return this builder
         */
        public Builder paged(boolean value) {
            paged = value;
            return this;
        }

        /**
         * Sets the number of matches across all pages.
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder totalResults(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("totalResults must not be negative");
            }
            totalResults = OptionalInt.of(value);
            return this;
        }

        /**
         * Sets the provider's cursor of the next page (cursor pages only; see {@link QueryResult#cursorPage}).
         *
         * @param value the cursor, or null on the last page
         * @return this builder
         */
        public Builder nextCursor(@Nullable String value) {
            nextCursor = value;
            return this;
        }

        /**
         * Builds the result.
         *
         * @return the result
         * @throws IllegalArgumentException when a paged index result has no total, or a next cursor is set on a
         *     result that is not a filtered, paged one
         */
        public QueryResult build() {
            return new QueryResult(this);
        }
    }
}
