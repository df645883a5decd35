package io.scimlab.core.patch;

import java.util.Objects;

/**
 * How PATCH and PUT treat what identity providers send where it departs from RFC 7644. Each switch is on in
 * {@link #lenient()} (the default, for Okta, Microsoft Entra ID and the rest) and off in {@link #strictRfc()};
 * {@link #builder()} and {@link #toBuilder()} set them one by one. Options belong to an engine instance; there are
 * no global switches.
 *
 * <p>An immutable value: equal when every switch is equal. New switches are added to the builder, so code that
 * builds options keeps compiling.
 */
public final class PatchOptions {
    private static final PatchOptions LENIENT = new Builder(true).build();
    private static final PatchOptions STRICT = new Builder(false).build();

    private final boolean caseInsensitiveOps;
    private final boolean coerceValues;
    private final boolean pathKeysInValue;
    private final boolean createOnAbsent;
    private final boolean removeByValue;
    private final boolean tolerateUnchangedReadOnly;
    private final boolean emptyValueClears;
    private final boolean allowEmptyOperations;
    private final boolean requireSchemas;
    private final boolean ignoreMismatchedId;

    private PatchOptions(Builder b) {
        this.caseInsensitiveOps = b.caseInsensitiveOps;
        this.coerceValues = b.coerceValues;
        this.pathKeysInValue = b.pathKeysInValue;
        this.createOnAbsent = b.createOnAbsent;
        this.removeByValue = b.removeByValue;
        this.tolerateUnchangedReadOnly = b.tolerateUnchangedReadOnly;
        this.emptyValueClears = b.emptyValueClears;
        this.allowEmptyOperations = b.allowEmptyOperations;
        this.requireSchemas = b.requireSchemas;
        this.ignoreMismatchedId = b.ignoreMismatchedId;
    }

    /** Every compatibility switch on: what real identity providers need. The default. */
    public static PatchOptions lenient() {
        return LENIENT;
    }

    /** Every compatibility switch off: RFC 7644 to the letter. */
    public static PatchOptions strictRfc() {
        return STRICT;
    }

    /** A builder starting from {@link #lenient()}. */
    public static Builder builder() {
        return LENIENT.toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Accept {@code Add}, {@code Replace}, {@code Remove} (Entra) as well as lower case. */
    public boolean caseInsensitiveOps() {
        return caseInsensitiveOps;
    }

    /**
     * Read values leniently as {@link io.scimlab.core.resource.ResourceReader} does: string booleans
     * ({@code "False"}), a bare string for a complex value with {@code value} (a manager id), a single value for a
     * multi-valued attribute; unknown attributes in a value are dropped.
     */
    public boolean coerceValues() {
        return coerceValues;
    }

    /**
     * In an operation without path, accept keys that are paths ({@code "name.givenName"},
     * {@code "urn:...:User:employeeNumber"}) and land them nested.
     */
    public boolean pathKeysInValue() {
        return pathKeysInValue;
    }

    /**
     * {@code add}/{@code replace} on {@code emails[type eq "work"].value} create the work email when there is none
     * (later ones on the same filter then update that one element).
     */
    public boolean createOnAbsent() {
        return createOnAbsent;
    }

    /**
     * {@code remove} on {@code members} with a value list removes only those members (Entra without
     * {@code aadOptscim062020}); when off, a remove with a value is 400 {@code invalidSyntax}.
     */
    public boolean removeByValue() {
        return removeByValue;
    }

    /**
     * A value that repeats a read-only attribute unchanged (Okta's group replace carrying the group's {@code id})
     * is ignored; a changed one is always 400 {@code mutability}.
     */
    public boolean tolerateUnchangedReadOnly() {
        return tolerateUnchangedReadOnly;
    }

    /** {@code add}/{@code replace} with {@code ""} or {@code null} remove the attribute. */
    public boolean emptyValueClears() {
        return emptyValueClears;
    }

    /**
     * An empty {@code Operations} list is a no-op (Entra's validator sends one) instead of 400
     * {@code invalidSyntax}.
     */
    public boolean allowEmptyOperations() {
        return allowEmptyOperations;
    }

    /** The request must carry the PatchOp schema URN (strict only). */
    public boolean requireSchemas() {
        return requireSchemas;
    }

    /**
     * A PUT body whose {@code id} differs from the resource's is accepted and its {@code id} ignored, as RFC 7644
     * §3.5.1 says of readOnly attributes (lenient); when off (strict), it is 400 {@code mutability}.
     */
    public boolean ignoreMismatchedId() {
        return ignoreMismatchedId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatchOptions other && caseInsensitiveOps == other.caseInsensitiveOps
                && coerceValues == other.coerceValues && pathKeysInValue == other.pathKeysInValue
                && createOnAbsent == other.createOnAbsent && removeByValue == other.removeByValue
                && tolerateUnchangedReadOnly == other.tolerateUnchangedReadOnly
                && emptyValueClears == other.emptyValueClears && allowEmptyOperations == other.allowEmptyOperations
                && requireSchemas == other.requireSchemas && ignoreMismatchedId == other.ignoreMismatchedId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(caseInsensitiveOps, coerceValues, pathKeysInValue, createOnAbsent, removeByValue,
                tolerateUnchangedReadOnly, emptyValueClears, allowEmptyOperations, requireSchemas,
                ignoreMismatchedId);
    }

    @Override
    public String toString() {
        return "PatchOptions{caseInsensitiveOps=" + caseInsensitiveOps + ", coerceValues=" + coerceValues
                + ", pathKeysInValue=" + pathKeysInValue + ", createOnAbsent=" + createOnAbsent
                + ", removeByValue=" + removeByValue + ", tolerateUnchangedReadOnly=" + tolerateUnchangedReadOnly
                + ", emptyValueClears=" + emptyValueClears + ", allowEmptyOperations=" + allowEmptyOperations
                + ", requireSchemas=" + requireSchemas + ", ignoreMismatchedId=" + ignoreMismatchedId + "}";
    }

    /** Builds {@link PatchOptions}; every setter names the switch it sets (see the accessors). */
    public static final class Builder {
        private boolean caseInsensitiveOps;
        private boolean coerceValues;
        private boolean pathKeysInValue;
        private boolean createOnAbsent;
        private boolean removeByValue;
        private boolean tolerateUnchangedReadOnly;
        private boolean emptyValueClears;
        private boolean allowEmptyOperations;
        private boolean requireSchemas;
        private boolean ignoreMismatchedId;

        /** Every compatibility switch on (lenient) or off (strict); strict requires the PatchOp schema. */
        private Builder(boolean lenient) {
            caseInsensitiveOps = lenient;
            coerceValues = lenient;
            pathKeysInValue = lenient;
            createOnAbsent = lenient;
            removeByValue = lenient;
            tolerateUnchangedReadOnly = lenient;
            emptyValueClears = lenient;
            allowEmptyOperations = lenient;
            requireSchemas = !lenient;
            ignoreMismatchedId = lenient;
        }

        private Builder(PatchOptions from) {
            caseInsensitiveOps = from.caseInsensitiveOps;
            coerceValues = from.coerceValues;
            pathKeysInValue = from.pathKeysInValue;
            createOnAbsent = from.createOnAbsent;
            removeByValue = from.removeByValue;
            tolerateUnchangedReadOnly = from.tolerateUnchangedReadOnly;
            emptyValueClears = from.emptyValueClears;
            allowEmptyOperations = from.allowEmptyOperations;
            requireSchemas = from.requireSchemas;
            ignoreMismatchedId = from.ignoreMismatchedId;
        }

        /**
         * Sets {@link PatchOptions#caseInsensitiveOps()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder caseInsensitiveOps(boolean value) {
            caseInsensitiveOps = value;
            return this;
        }

        /**
         * Sets {@link PatchOptions#coerceValues()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder coerceValues(boolean value) {
            coerceValues = value;
            return this;
        }

        /**
         * Sets {@link PatchOptions#pathKeysInValue()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder pathKeysInValue(boolean value) {
            pathKeysInValue = value;
            return this;
        }

        /**
         * Sets {@link PatchOptions#createOnAbsent()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder createOnAbsent(boolean value) {
            createOnAbsent = value;
            return this;
        }

        /**
         * Sets {@link PatchOptions#removeByValue()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder removeByValue(boolean value) {
            removeByValue = value;
            return this;
        }

        /**
         * Sets {@link PatchOptions#tolerateUnchangedReadOnly()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder tolerateUnchangedReadOnly(boolean value) {
            tolerateUnchangedReadOnly = value;
            return this;
        }

        /**
         * Sets {@link PatchOptions#emptyValueClears()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder emptyValueClears(boolean value) {
            emptyValueClears = value;
            return this;
        }

        /**
         * Sets {@link PatchOptions#allowEmptyOperations()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder allowEmptyOperations(boolean value) {
            allowEmptyOperations = value;
            return this;
        }

        /**
         * Sets {@link PatchOptions#requireSchemas()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder requireSchemas(boolean value) {
            requireSchemas = value;
            return this;
        }

        /**
         * Sets {@link PatchOptions#ignoreMismatchedId()}.
         *
         * @param value the switch
         * @return this builder
         */
        public Builder ignoreMismatchedId(boolean value) {
            ignoreMismatchedId = value;
            return this;
        }

        /** Builds the options. */
        public PatchOptions build() {
            return new PatchOptions(this);
        }
    }
}
