package io.scimlab.core.server;

import io.scimlab.core.filter.FilterOptions;
import io.scimlab.core.patch.PatchOptions;
import java.util.Objects;

/**
 * How far the server bends to what identity providers send, in one place: PATCH options, filter options, the
 * strictness of the resource reader, and the server's own leniencies. {@link #lenient()} (the default) accepts
 * Okta's and Entra's quirks; {@link #strictRfc()} is RFC 7643/7644 to the letter.
 *
 * <p>An immutable value, equal when every setting is equal; {@link #builder()} and {@link #toBuilder()} make
 * others, e.g. {@code Compatibility.lenient().toBuilder().filter(tighterFilterOptions).build()}.
 *
 * <p>{@link #patchNoContent()} is not a leniency but a choice RFC 7644 §3.5.2 leaves to the server (200 with the
 * resource, or 204): it is off in both presets.
 */
public final class Compatibility {
    private static final Compatibility LENIENT = new Builder(PatchOptions.lenient(), FilterOptions.lenient(), false,
            true, false).build();
    private static final Compatibility STRICT = new Builder(PatchOptions.strictRfc(), FilterOptions.strictRfc(),
            true, false, false).build();

    private final PatchOptions patch;
    private final FilterOptions filter;
    private final boolean strictReader;
    private final boolean discoveryAliases;
    private final boolean patchNoContent;

    private Compatibility(Builder b) {
        this.patch = b.patch;
        this.filter = b.filter;
        this.strictReader = b.strictReader;
        this.discoveryAliases = b.discoveryAliases;
        this.patchNoContent = b.patchNoContent;
    }

    /** Every compatibility switch on: what real identity providers need. The default. */
    public static Compatibility lenient() {
        return LENIENT;
    }

    /** Every compatibility switch off: RFC 7643/7644 to the letter. */
    public static Compatibility strictRfc() {
        return STRICT;
    }

    /** A builder starting from {@link #lenient()}. */
    public static Builder builder() {
        return LENIENT.toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(patch, filter, strictReader, discoveryAliases, patchNoContent);
    }

    /** The PATCH and PUT options. */
    public PatchOptions patch() {
        return patch;
    }

    /** The filter options, with the limits on filter length, depth and terms. */
    public FilterOptions filter() {
        return filter;
    }

    /** Whether request bodies are read strictly (unknown attributes, string booleans rejected). */
    public boolean strictReader() {
        return strictReader;
    }

    /**
     * Whether {@code /serviceConfiguration}, the path Microsoft's SCIM validator asks for, is served as
     * {@code /ServiceProviderConfig} (lenient); when off it is 404 like any unknown path.
     */
    public boolean discoveryAliases() {
        return discoveryAliases;
    }

    /**
     * Whether a successful PATCH answers 204 No Content without a body (with the new {@code ETag}), as Microsoft's
     * SCIM reference Postman collection expects, instead of 200 with the resource. A request that asks for the
     * resource still gets 200 with it: one with {@code attributes} or {@code excludedAttributes} (RFC 7644 §3.5.2
     * wants 200 then) or with {@code Prefer: return=representation}. Off by default; Okta and Entra take either.
     */
    public boolean patchNoContent() {
        return patchNoContent;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Compatibility other && patch.equals(other.patch) && filter.equals(other.filter)
                && strictReader == other.strictReader && discoveryAliases == other.discoveryAliases
                && patchNoContent == other.patchNoContent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(patch, filter, strictReader, discoveryAliases, patchNoContent);
    }

    @Override
    public String toString() {
        return "Compatibility{patch=" + patch + ", filter=" + filter + ", strictReader=" + strictReader
                + ", discoveryAliases=" + discoveryAliases + ", patchNoContent=" + patchNoContent + "}";
    }

    /** Builds {@link Compatibility}. */
    public static final class Builder {
        private PatchOptions patch;
        private FilterOptions filter;
        private boolean strictReader;
        private boolean discoveryAliases;
        private boolean patchNoContent;

        private Builder(PatchOptions patch, FilterOptions filter, boolean strictReader, boolean discoveryAliases,
                boolean patchNoContent) {
            this.patch = patch;
            this.filter = filter;
            this.strictReader = strictReader;
            this.discoveryAliases = discoveryAliases;
            this.patchNoContent = patchNoContent;
        }

        /**
         * Sets {@link Compatibility#patch()}.
         *
         * @param value the PATCH options
         * @return this builder
         */
        public Builder patch(PatchOptions value) {
            patch = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets {@link Compatibility#filter()} (e.g. tighter limits).
         *
         * @param value the filter options
         * @return this builder
         */
        public Builder filter(FilterOptions value) {
            filter = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets {@link Compatibility#strictReader()}.
         *
         * @param value true to read bodies strictly
         * @return this builder
         */
        public Builder strictReader(boolean value) {
            strictReader = value;
            return this;
        }

        /**
         * Sets {@link Compatibility#discoveryAliases()}.
         *
         * @param value true to serve {@code /serviceConfiguration}
         * @return this builder
         */
        public Builder discoveryAliases(boolean value) {
            discoveryAliases = value;
            return this;
        }

        /**
         * Sets {@link Compatibility#patchNoContent()}.
         *
         * @param value true to answer a successful PATCH with 204 No Content
         * @return this builder
         */
        public Builder patchNoContent(boolean value) {
            patchNoContent = value;
            return this;
        }

        /** Builds the options. */
        public Compatibility build() {
            return new Compatibility(this);
        }
    }
}
