package io.scimlab.core.filter;

/**
 * A parsed SCIM filter (RFC 7644 §3.4.2.2): an immutable AST.
 *
 * <p>The node types are {@link And}, {@link Or}, {@link Not}, {@link Comparison}, {@link Present} and
 * {@link ValuePathFilter}. Every node's {@code toString()} is the canonical filter text (lower-case
 * operators, single spaces, quoted JSON strings, parentheses only where precedence needs them), and parsing
 * that text gives back an equal AST: {@code Filter.parse(f.toString()).equals(f)}.
 *
 * <p>Translate a filter into another query language (SQL, a REST API's query parameters) with a
 * {@link FilterVisitor}; evaluate it against resources with {@link FilterEvaluator}.
 */
public sealed interface Filter permits And, Or, Not, Comparison, Present, ValuePathFilter {

    /**
     * Calls the visitor method for this node's type.
     *
     * @param visitor the visitor
     * @param <R> what the visitor makes of a node
     * @return the visitor's result
     */
    <R> R accept(FilterVisitor<R> visitor);

    /**
     * Parses a filter with the default (lenient) options.
     *
     * @param filter the filter text, e.g. {@code userName eq "bjensen"}
     * @return the AST
     * @throws io.scimlab.core.error.ScimException 400 {@code invalidFilter} naming the column and what was expected
     */
    static Filter parse(String filter) {
        return FilterParser.parse(filter);
    }

    /**
     * Parses a filter.
     *
     * @param filter the filter text
     * @param options strictness and limits
     * @return the AST
     * @throws io.scimlab.core.error.ScimException 400 {@code invalidFilter} naming the column and what was expected
     */
    static Filter parse(String filter, FilterOptions options) {
        return FilterParser.parse(filter, options);
    }
}
