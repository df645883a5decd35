package io.scimlab.core.filter;

import java.util.List;

/**
 * A disjunction: true when any operand is. Operands of a chain {@code a or b or c} are held in one
 * node; a parenthesised group {@code (a or b) or c} stays a nested node, so that printing and parsing
 * give back the same tree.
 *
 * @param filters the operands, at least two, in filter order
 */
public record Or(List<Filter> filters) implements Filter {

    /** Checks there are at least two operands and copies the list. */
    public Or {
        filters = List.copyOf(filters);
        if (filters.size() < 2) {
            throw new IllegalArgumentException("'or' needs at least two operands");
        }
    }

    /**
     * A disjunction of the given operands.
     *
     * @param filters at least two operands
     * @return the node
     */
    public static Or of(Filter... filters) {
        return new Or(List.of(filters));
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitOr(this);
    }

    /** The canonical filter text. */
    @Override
    public String toString() {
        return FilterPrinter.print(this);
    }
}
