package io.scimlab.core.server;

import io.scimlab.core.filter.FilterOptions;
import io.scimlab.core.patch.PatchOptions;
import java.util.Objects;

/**
 * How far the server bends to what identity providers send, in one place: PATCH options, filter options and the
 * strictness of the resource reader. {@link #lenient()} (the default) accepts Okta's and Entra's quirks;
 * {@link #strictRfc()} is RFC 7644 to the letter.
 *
 * @param patch the PATCH and PUT options
 * @param filter the filter options, with the limits on filter length, depth and terms
 * @param strictReader whether request bodies are read strictly (unknown attributes, string booleans rejected)
 */
public record Compatibility(PatchOptions patch, FilterOptions filter, boolean strictReader) {
    /** Checks the components. */
    public Compatibility {
        Objects.requireNonNull(patch, "patch");
        Objects.requireNonNull(filter, "filter");
    }

    /** Every compatibility switch on: what real identity providers need. The default. */
    public static Compatibility lenient() {
        return new Compatibility(PatchOptions.lenient(), FilterOptions.lenient(), false);
    }

    /** Every compatibility switch off: RFC 7643/7644 to the letter. */
    public static Compatibility strictRfc() {
        return new Compatibility(PatchOptions.strictRfc(), FilterOptions.strictRfc(), true);
    }

    /**
     * A copy with other filter options (e.g. tighter limits).
     *
     * @param value the filter options
     * @return the copy
     */
    public Compatibility withFilter(FilterOptions value) {
        return new Compatibility(patch, value, strictReader);
    }

    /**
     * A copy with other PATCH options.
     *
     * @param value the PATCH options
     * @return the copy
     */
    public Compatibility withPatch(PatchOptions value) {
        return new Compatibility(value, filter, strictReader);
    }
}
