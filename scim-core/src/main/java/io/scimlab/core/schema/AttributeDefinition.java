package io.scimlab.core.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One attribute of a schema with every characteristic of RFC 7643 §2 and §7: name, type, multiValued,
 * description, required, canonicalValues, caseExact, mutability, returned, uniqueness, referenceTypes and
 * subAttributes.
 *
 * <p>Immutable. Sub-attributes are found by name case-insensitively ({@link #subAttribute(String)}), as
 * RFC 7643 §2.1 requires of attribute names. Build one with {@link #builder(String, AttributeType)}; the
 * defaults are those of RFC 7643 §2.2 (single-valued, optional, not case-exact, readWrite, returned by
 * default, no uniqueness).
 */
public final class AttributeDefinition {
    private final String name;
    private final AttributeType type;
    private final boolean multiValued;
    private final String description;
    private final boolean required;
    private final List<String> canonicalValues;
    private final boolean caseExact;
    private final Mutability mutability;
    private final Returned returned;
    private final Uniqueness uniqueness;
    private final List<String> referenceTypes;
    private final List<AttributeDefinition> subAttributes;
    private final Map<String, AttributeDefinition> subAttributesByLowerName;

    private AttributeDefinition(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.multiValued = b.multiValued;
        this.description = b.description;
        this.required = b.required;
        this.canonicalValues = List.copyOf(b.canonicalValues);
        this.caseExact = b.caseExact;
        this.mutability = b.mutability;
        this.returned = b.returned;
        this.uniqueness = b.uniqueness;
        this.referenceTypes = List.copyOf(b.referenceTypes);
        this.subAttributes = List.copyOf(b.subAttributes);
        if (type == AttributeType.COMPLEX && subAttributes.isEmpty()) {
            throw new IllegalArgumentException("complex attribute " + name + " needs sub-attributes");
        }
        if (type != AttributeType.COMPLEX && !subAttributes.isEmpty()) {
            throw new IllegalArgumentException("only a complex attribute has sub-attributes, not " + name);
        }
        Map<String, AttributeDefinition> byName = new HashMap<>();
        for (AttributeDefinition sub : subAttributes) {
            if (byName.put(lower(sub.name), sub) != null) {
                throw new IllegalArgumentException("sub-attribute " + sub.name + " of " + name + " is defined twice");
            }
        }
        this.subAttributesByLowerName = Collections.unmodifiableMap(byName);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * Starts a definition with RFC 7643's default characteristics.
     *
     * @param name the attribute name, as the schema spells it
     * @param type the data type
     * @return a builder
     */
    public static Builder builder(String name, AttributeType type) {
        return new Builder(name, type);
    }

    /** A builder initialised with every characteristic of this definition. */
    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.multiValued = multiValued;
        b.description = description;
        b.required = required;
        b.canonicalValues = new ArrayList<>(canonicalValues);
        b.caseExact = caseExact;
        b.mutability = mutability;
        b.returned = returned;
        b.uniqueness = uniqueness;
        b.referenceTypes = new ArrayList<>(referenceTypes);
        b.subAttributes = new ArrayList<>(subAttributes);
        return b;
    }

    /** The attribute name as the schema spells it (the canonical case used in output). */
    public String name() {
        return name;
    }

    /** The data type. */
    public AttributeType type() {
        return type;
    }

    /** Whether the attribute holds a list of values. */
    public boolean multiValued() {
        return multiValued;
    }

    /** A human-readable description. */
    public String description() {
        return description;
    }

    /** Whether a resource must carry a value. */
    public boolean required() {
        return required;
    }

    /** Suggested values (e.g. {@code work}, {@code home}); empty when any value goes. */
    public List<String> canonicalValues() {
        return canonicalValues;
    }

    /** Whether string comparisons of this attribute's values are case-sensitive. */
    public boolean caseExact() {
        return caseExact;
    }

    /** Whether and how clients may change the attribute. */
    public Mutability mutability() {
        return mutability;
    }

    /** When the attribute is returned. */
    public Returned returned() {
        return returned;
    }

    /** How unique its value must be. */
    public Uniqueness uniqueness() {
        return uniqueness;
    }

    /** For a reference attribute, the resource types it may refer to ({@code User}, {@code external}, {@code uri}). */
    public List<String> referenceTypes() {
        return referenceTypes;
    }

    /** For a complex attribute, its sub-attributes in schema order; empty otherwise. */
    public List<AttributeDefinition> subAttributes() {
        return subAttributes;
    }

    /**
     * Finds a sub-attribute by name, ignoring case.
     *
     * @param subName the name in any case
     * @return the definition, or null when the attribute has no such sub-attribute
     */
    public @Nullable AttributeDefinition subAttribute(String subName) {
        AttributeDefinition found = subAttributesByLowerName.get(subName);
        return found != null ? found : subAttributesByLowerName.get(lower(subName));
    }

    /** Whether this is a complex attribute. */
    public boolean isComplex() {
        return type == AttributeType.COMPLEX;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AttributeDefinition other)) {
            return false;
        }
        return multiValued == other.multiValued && required == other.required && caseExact == other.caseExact
                && name.equals(other.name) && type == other.type && description.equals(other.description)
                && canonicalValues.equals(other.canonicalValues) && mutability == other.mutability
                && returned == other.returned && uniqueness == other.uniqueness
                && referenceTypes.equals(other.referenceTypes) && subAttributes.equals(other.subAttributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, multiValued, required, mutability, returned, subAttributes);
    }

    @Override
    public String toString() {
        return "AttributeDefinition{" + name + ": " + type + (multiValued ? "[]" : "") + ", " + mutability
                + ", returned " + returned + (required ? ", required" : "") + "}";
    }

    /** Builds an {@link AttributeDefinition}; starts from RFC 7643 §2.2's defaults. */
    public static final class Builder {
        private final String name;
        private final AttributeType type;
        private boolean multiValued;
        private String description = "";
        private boolean required;
        private List<String> canonicalValues = new ArrayList<>();
        private boolean caseExact;
        private Mutability mutability = Mutability.READ_WRITE;
        private Returned returned = Returned.DEFAULT;
        private Uniqueness uniqueness = Uniqueness.NONE;
        private List<String> referenceTypes = new ArrayList<>();
        private List<AttributeDefinition> subAttributes = new ArrayList<>();

        private Builder(String name, AttributeType type) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("an attribute needs a name");
            }
            this.name = name;
            this.type = Objects.requireNonNull(type, "type");
        }

        /** Sets whether the attribute is multi-valued; returns this builder. */
        public Builder multiValued(boolean value) {
            this.multiValued = value;
            return this;
        }

        /** Sets the description; returns this builder. */
        public Builder description(String value) {
            this.description = Objects.requireNonNull(value, "description");
            return this;
        }

        /** Sets whether the attribute is required; returns this builder. */
        public Builder required(boolean value) {
            this.required = value;
            return this;
        }

        /** Sets the canonical values; returns this builder. */
        public Builder canonicalValues(List<String> values) {
            this.canonicalValues = new ArrayList<>(values);
            return this;
        }

        /** Sets whether comparisons are case-sensitive; returns this builder. */
        public Builder caseExact(boolean value) {
            this.caseExact = value;
            return this;
        }

        /** Sets the mutability; returns this builder. */
        public Builder mutability(Mutability value) {
            this.mutability = Objects.requireNonNull(value, "mutability");
            return this;
        }

        /** Sets when it is returned; returns this builder. */
        public Builder returned(Returned value) {
            this.returned = Objects.requireNonNull(value, "returned");
            return this;
        }

        /** Sets its uniqueness; returns this builder. */
        public Builder uniqueness(Uniqueness value) {
            this.uniqueness = Objects.requireNonNull(value, "uniqueness");
            return this;
        }

        /** Sets the reference types; returns this builder. */
        public Builder referenceTypes(List<String> values) {
            this.referenceTypes = new ArrayList<>(values);
            return this;
        }

        /** Sets the sub-attributes of a complex attribute; returns this builder. */
        public Builder subAttributes(List<AttributeDefinition> values) {
            this.subAttributes = new ArrayList<>(values);
            return this;
        }

        /** Sets one more sub-attribute; returns this builder. */
        public Builder addSubAttribute(AttributeDefinition value) {
            this.subAttributes.add(Objects.requireNonNull(value, "subAttribute"));
            return this;
        }

        /**
         * Builds the definition.
         *
         * @return the immutable definition
         * @throws IllegalArgumentException when a complex attribute has no sub-attributes, or another type has some
         */
        public AttributeDefinition build() {
            return new AttributeDefinition(this);
        }
    }
}
