package io.scimlab.core.filter;

import java.util.Objects;

/**
 * A value filter on a multi-valued complex attribute, {@code attr[valFilter]}, e.g.
 * {@code emails[type eq "work" and value co "@example.com"]}: true when one value (one element) of the
 * attribute matches the inner filter, whose paths name the attribute's sub-attributes.
 *
 * <p>Per RFC 7644 erratum 4690 the inner filter contains no value filter itself. The lenient form
 * {@code emails[type eq "work"].value eq "x"} (sent by Microsoft Entra ID) parses into
 * {@code emails[type eq "work" and value eq "x"]}, which means the same.
 *
 * @param path the multi-valued attribute (no sub-attribute)
 * @param filter the filter on each value, over simple sub-attribute names
 */
public record ValuePathFilter(AttributePath path, Filter filter) implements Filter {

    /** Checks the path has no sub-attribute and the inner filter uses simple names and no value filter. */
    public ValuePathFilter {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(filter, "filter");
        if (path.subAttribute() != null) {
            throw new IllegalArgumentException("a value filter applies to an attribute, not a sub-attribute: " + path);
        }
        checkInner(filter);
    }

    private static void checkInner(Filter f) {
        if (f instanceof And and) {
            and.filters().forEach(ValuePathFilter::checkInner);
        } else if (f instanceof Or or) {
            or.filters().forEach(ValuePathFilter::checkInner);
        } else if (f instanceof Not not) {
            checkInner(not.filter());
        } else if (f instanceof Comparison c) {
            checkSimple(c.path());
        } else if (f instanceof Present p) {
            checkSimple(p.path());
        } else {
            throw new IllegalArgumentException("a value filter cannot contain another value filter: " + f);
        }
    }

    private static void checkSimple(AttributePath p) {
        if (!p.isSimple()) {
            throw new IllegalArgumentException("inside a value filter, paths are sub-attribute names: " + p);
        }
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitValuePath(this);
    }

    /** The canonical filter text. */
    @Override
    public String toString() {
        return FilterPrinter.print(this);
    }
}
