package io.scimlab.core.filter;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An attribute path as written in a filter or PATCH path: an optional schema URN, an attribute name and
 * an optional sub-attribute name, e.g. {@code name.familyName} or
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}.
 *
 * <p>Names keep the case they were written in (SCIM names are case-insensitive, so resolution against a
 * schema ignores case, but equality of two paths here does not). Inside a {@link ValuePathFilter} the paths
 * name sub-attributes of the filtered attribute and have neither URN nor sub-attribute.
 *
 * @param schemaUrn the schema URN, e.g. {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User}, or
 *     null for an unqualified path
 * @param name the attribute name, e.g. {@code emails} or {@code $ref}
 * @param subAttribute the sub-attribute name, or null
 */
public record AttributePath(@Nullable String schemaUrn, String name, @Nullable String subAttribute) {

    /** Checks every part is well formed (attribute names are ALPHA *(nameChar) or {@code $ref}). */
    public AttributePath {
        Objects.requireNonNull(name, "name");
        if (!CharClasses.isAttrName(name, 0, name.length())) {
            throw new IllegalArgumentException("not an attribute name: " + name);
        }
        if (subAttribute != null && !CharClasses.isAttrName(subAttribute, 0, subAttribute.length())) {
            throw new IllegalArgumentException("not a sub-attribute name: " + subAttribute);
        }
        if (schemaUrn != null && !CharClasses.isUrn(schemaUrn)) {
            throw new IllegalArgumentException("not a schema URN: " + schemaUrn);
        }
    }

    /**
     * An unqualified path.
     *
     * @param name the attribute name
     * @return the path
     */
    public static AttributePath of(String name) {
        return new AttributePath(null, name, null);
    }

    /**
     * An unqualified path to a sub-attribute.
     *
     * @param name the attribute name
     * @param subAttribute the sub-attribute name
     * @return the path
     */
    public static AttributePath of(String name, String subAttribute) {
        return new AttributePath(null, name, subAttribute);
    }

    /**
     * The same path with another sub-attribute.
     *
     * @param sub the sub-attribute name, or null for none
     * @return the new path
     */
    public AttributePath withSubAttribute(@Nullable String sub) {
        return new AttributePath(schemaUrn, name, sub);
    }

    /** Whether this path is a bare name, as the paths inside a value filter are. */
    public boolean isSimple() {
        return schemaUrn == null && subAttribute == null;
    }

    /** The path as written: {@code urn:name.sub} with the parts that are present. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        FilterPrinter.appendPath(b, this);
        return b.toString();
    }
}
