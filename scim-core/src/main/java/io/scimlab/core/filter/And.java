package io.scimlab.core.filter;

import java.util.List;

/**
 * A conjunction: true when every operand is. Operands of a chain {@code a and b and c} are held in one
 * node; a parenthesised group {@code (a and b) and c} stays a nested node, so that printing and parsing
 * give back the same tree.
 *
 * @param filters the operands, at least two, in filter order
 */
public record And(List<Filter> filters) implements Filter {

    /** Checks there are at least two operands and copies the list. */
    public And {
        filters = List.copyOf(filters);
        if (filters.size() < 2) {
            throw new IllegalArgumentException("'and' needs at least two operands");
        }
    }

    /**
     * A conjunction of the given operands.
     *
     * @param filters at least two operands
     * @return the node
     */
    public static And of(Filter... filters) {
        return new And(List.of(filters));
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitAnd(this);
    }

    /** The canonical filter text. */
    @Override
    public String toString() {
        return FilterPrinter.print(this);
    }
}
