package io.scimlab.core.filter;

/**
 * How filters and PATCH paths are parsed and evaluated: strictness and hard limits. Immutable; there is no
 * global setting, every parse and evaluator takes its options.
 *
 * <p>Lenient mode (the default) accepts what real identity providers send, beyond RFC 7644:
 * <ul>
 *   <li>unquoted values: {@code externalId eq jyoung}, {@code userName sw O}, {@code emails co example.com}
 *       (a bare word that is a JSON number, {@code true}, {@code false} or {@code null} is that literal,
 *       anything else up to the next space, {@code )} or {@code ]} is a string);</li>
 *   <li>a sub-attribute after a value filter in a filter, {@code emails[type eq "work"].value eq "x"}
 *       (Microsoft Entra ID), read as {@code emails[type eq "work" and value eq "x"]};</li>
 *   <li>when evaluating: a number or boolean literal compared with a string attribute compares as its text,
 *       a string {@code "true"} with a boolean attribute as the boolean, and an attribute unknown to the
 *       schema behaves as an attribute without a value.</li>
 * </ul>
 * Strict mode rejects all of these with 400 {@code invalidFilter}.
 *
 * <p>The limits keep hostile input cheap: a filter longer than {@link #maxLength()} characters, nesting
 * parentheses, {@code not} and value filters deeper than {@link #maxDepth()}, or holding more than
 * {@link #maxTerms()} comparisons is rejected before any work proportional to it. With the limits, parsing is
 * linear in the input and recursion is bounded by {@code maxDepth} (at most 200).
 *
 * <p>An immutable value, equal when every setting is equal; {@link #builder()} and {@link #toBuilder()} make
 * others, so a setting added later breaks no caller.
 */
public final class FilterOptions {
    /** The default limit on filter length. */
    public static final int DEFAULT_MAX_LENGTH = 4096;
    /** The default limit on nesting depth. */
    public static final int DEFAULT_MAX_DEPTH = 32;
    /**
     * The highest accepted {@code maxDepth}: parsing, printing and evaluating recurse a few frames per level,
     * and 200 levels stay far inside a default thread stack even before the JIT compiles the parser.
     */
    public static final int MAX_DEPTH_LIMIT = 200;
    /** The default limit on the number of terms. */
    public static final int DEFAULT_MAX_TERMS = 256;

    private static final FilterOptions LENIENT =
            new FilterOptions(false, DEFAULT_MAX_LENGTH, DEFAULT_MAX_DEPTH, DEFAULT_MAX_TERMS);
    private static final FilterOptions STRICT =
            new FilterOptions(true, DEFAULT_MAX_LENGTH, DEFAULT_MAX_DEPTH, DEFAULT_MAX_TERMS);

    private final boolean strict;
    private final int maxLength;
    private final int maxDepth;
    private final int maxTerms;

    /** Checks the limits are positive and the depth at most 200 (it bounds recursion on the caller's stack). */
    private FilterOptions(boolean strict, int maxLength, int maxDepth, int maxTerms) {
        if (maxLength < 1 || maxDepth < 1 || maxTerms < 1) {
            throw new IllegalArgumentException("filter limits must be positive");
        }
        if (maxDepth > MAX_DEPTH_LIMIT) {
            throw new IllegalArgumentException("maxDepth bounds recursion and may be at most " + MAX_DEPTH_LIMIT
                    + ", not " + maxDepth);
        }
        this.strict = strict;
        this.maxLength = maxLength;
        this.maxDepth = maxDepth;
        this.maxTerms = maxTerms;
    }

    /** The default options: lenient, with the default limits. */
    public static FilterOptions lenient() {
        return LENIENT;
    }

    /** Strict RFC 7644 syntax with the default limits. */
    public static FilterOptions strictRfc() {
        return STRICT;
    }

    /** True for strict RFC 7644 syntax, false for lenient (see the class description). */
    public boolean strict() {
        return strict;
    }

    /** The longest accepted filter or path, in characters (default {@value #DEFAULT_MAX_LENGTH}). */
    public int maxLength() {
        return maxLength;
    }

    /**
     * The deepest accepted nesting of groups, {@code not} and value filters (default {@value #DEFAULT_MAX_DEPTH},
     * at most {@value #MAX_DEPTH_LIMIT}).
     */
    public int maxDepth() {
        return maxDepth;
    }

    /** The most comparisons and presence tests in one filter (default {@value #DEFAULT_MAX_TERMS}). */
    public int maxTerms() {
        return maxTerms;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilterOptions other && strict == other.strict && maxLength == other.maxLength
                && maxDepth == other.maxDepth && maxTerms == other.maxTerms;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(strict, maxLength, maxDepth, maxTerms);
    }

    @Override
    public String toString() {
        return "FilterOptions{strict=" + strict + ", maxLength=" + maxLength + ", maxDepth=" + maxDepth
                + ", maxTerms=" + maxTerms + "}";
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(LENIENT);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link FilterOptions}. */
    public static final class Builder {
        private boolean strict;
        private int maxLength;
        private int maxDepth;
        private int maxTerms;

        private Builder(FilterOptions from) {
            this.strict = from.strict;
            this.maxLength = from.maxLength;
            this.maxDepth = from.maxDepth;
            this.maxTerms = from.maxTerms;
        }

        /**
         * Sets strict (true) or lenient (false) mode.
         *
         * @param value the mode
         * @return this builder
         */
        public Builder strict(boolean value) {
            this.strict = value;
            return this;
        }

        /**
         * Sets the longest accepted filter, in characters.
         *
         * @param value a positive limit
         * @return this builder
         */
        public Builder maxLength(int value) {
            this.maxLength = value;
            return this;
        }

        /**
         * Sets the deepest accepted nesting.
         *
         * @param value 1 to {@link #MAX_DEPTH_LIMIT}
         * @return this builder
         */
        public Builder maxDepth(int value) {
            this.maxDepth = value;
            return this;
        }

        /**
         * Sets the most terms in one filter.
         *
         * @param value a positive limit
         * @return this builder
         */
        public Builder maxTerms(int value) {
            this.maxTerms = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         * @throws IllegalArgumentException when a limit is out of range
         */
        public FilterOptions build() {
            return new FilterOptions(strict, maxLength, maxDepth, maxTerms);
        }
    }
}
