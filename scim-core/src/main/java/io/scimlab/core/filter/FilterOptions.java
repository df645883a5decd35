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
 * <p>The limits keep hostile input cheap: a filter longer than {@code maxLength} characters, nesting
 * parentheses, {@code not} and value filters deeper than {@code maxDepth}, or holding more than
 * {@code maxTerms} comparisons is rejected before any work proportional to it. With the limits, parsing is
 * linear in the input and recursion is bounded by {@code maxDepth} (at most 200).
 *
 * @param strict true for strict RFC 7644 syntax, false for lenient
 * @param maxLength the longest accepted filter or path, in characters (default 4096)
 * @param maxDepth the deepest accepted nesting of groups, {@code not} and value filters (default 32, at most 200)
 * @param maxTerms the most comparisons and presence tests in one filter (default 256)
 */
public record FilterOptions(boolean strict, int maxLength, int maxDepth, int maxTerms) {
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

    /** Checks the limits are positive and the depth at most 200 (it bounds recursion on the caller's stack). */
    public FilterOptions {
        if (maxLength < 1 || maxDepth < 1 || maxTerms < 1) {
            throw new IllegalArgumentException("filter limits must be positive");
        }
        if (maxDepth > MAX_DEPTH_LIMIT) {
            throw new IllegalArgumentException("maxDepth bounds recursion and may be at most " + MAX_DEPTH_LIMIT
                    + ", not " + maxDepth);
        }
    }

    /** The default options: lenient, with the default limits. */
    public static FilterOptions lenient() {
        return LENIENT;
    }

    /** Strict RFC 7644 syntax with the default limits. */
    public static FilterOptions strictRfc() {
        return STRICT;
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
