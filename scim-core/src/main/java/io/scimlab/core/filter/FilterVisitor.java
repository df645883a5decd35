package io.scimlab.core.filter;

/**
 * Turns each kind of filter node into a result, e.g. an SQL {@code WHERE} clause, query parameters of a
 * remote API, or a compiled matcher. Implementations recurse by calling {@link Filter#accept} on child
 * nodes themselves, so they decide the order and may stop early.
 *
 * @param <R> what a node becomes
 */
public interface FilterVisitor<R> {

    /**
     * Visits a conjunction.
     *
     * @param and the node
     * @return the result
     */
    R visitAnd(And and);

    /**
     * Visits a disjunction.
     *
     * @param or the node
     * @return the result
     */
    R visitOr(Or or);

    /**
     * Visits a negation.
     *
     * @param not the node
     * @return the result
     */
    R visitNot(Not not);

    /**
     * Visits an attribute comparison such as {@code userName eq "bjensen"}.
     *
     * @param comparison the node
     * @return the result
     */
    R visitComparison(Comparison comparison);

    /**
     * Visits a presence test such as {@code title pr}.
     *
     * @param present the node
     * @return the result
     */
    R visitPresent(Present present);

    /**
     * Visits a value filter on a multi-valued attribute such as {@code emails[type eq "work"]}.
     *
     * @param valuePath the node
     * @return the result
     */
    R visitValuePath(ValuePathFilter valuePath);
}
