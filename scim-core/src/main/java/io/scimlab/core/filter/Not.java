package io.scimlab.core.filter;

import java.util.Objects;

/**
 * A negation, {@code not (filter)}: true when the operand is false.
 *
 * @param filter the negated filter
 */
public record Not(Filter filter) implements Filter {

    /** Checks the operand. */
    public Not {
        Objects.requireNonNull(filter, "filter");
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitNot(this);
    }

    /** The canonical filter text. */
    @Override
    public String toString() {
        return FilterPrinter.print(this);
    }
}
