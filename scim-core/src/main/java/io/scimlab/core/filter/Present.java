package io.scimlab.core.filter;

import java.util.Objects;

/**
 * A presence test, {@code attr pr}: true when the attribute has a value that is not null, not an empty
 * string, not an empty array and not an empty object.
 *
 * @param path the attribute
 */
public record Present(AttributePath path) implements Filter {

    /** Checks the path. */
    public Present {
        Objects.requireNonNull(path, "path");
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitPresent(this);
    }

    /** The canonical filter text. */
    @Override
    public String toString() {
        return FilterPrinter.print(this);
    }
}
