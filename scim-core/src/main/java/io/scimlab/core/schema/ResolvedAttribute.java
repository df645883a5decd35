package io.scimlab.core.schema;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An attribute path resolved against a resource type: which schema holds it, the attribute's definition
 * and, for {@code attr.sub}, the sub-attribute's.
 *
 * @param schemaUrn the URN of the schema that defines the attribute (for the common attributes {@code id},
 *     {@code externalId} and {@code meta}: {@link SchemaRegistry#COMMON_SCHEMA})
 * @param extension whether the schema is an extension, whose values sit under the URN key in JSON
 * @param attribute the top-level attribute
 * @param subAttribute the sub-attribute, or null for a path without one
 */
public record ResolvedAttribute(String schemaUrn, boolean extension, AttributeDefinition attribute,
        @Nullable AttributeDefinition subAttribute) {

    /** Checks the components. */
    public ResolvedAttribute {
        Objects.requireNonNull(schemaUrn, "schemaUrn");
        Objects.requireNonNull(attribute, "attribute");
    }

    /** The definition the path ends at: the sub-attribute when there is one, else the attribute. */
    public AttributeDefinition definition() {
        return subAttribute != null ? subAttribute : attribute;
    }

    /**
     * The path in canonical form: names in schema case, URN-qualified for extension attributes, e.g.
     * {@code name.givenName} or {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}.
     */
    public String canonicalPath() {
        String base = extension ? schemaUrn + ":" + attribute.name() : attribute.name();
        return subAttribute == null ? base : base + "." + subAttribute.name();
    }

    @Override
    public String toString() {
        return canonicalPath();
    }
}
