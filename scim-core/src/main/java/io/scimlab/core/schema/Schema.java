package io.scimlab.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A SCIM schema (RFC 7643 §7): a URN id, a name, a description and its attributes.
 *
 * <p>Immutable. Attributes are found by name case-insensitively. {@link #fromJson(JsonNode)} and
 * {@link #toJson()} read and write the RFC 7643 §8.7 representation that {@code /Schemas} serves.
 */
public final class Schema {
    private final String id;
    private final String name;
    private final String description;
    private final List<AttributeDefinition> attributes;
    private final Map<String, AttributeDefinition> byLowerName;

    /**
     * Creates a schema.
     *
     * @param id the schema URN, e.g. {@code urn:ietf:params:scim:schemas:core:2.0:User}
     * @param name a short name, e.g. {@code User}
     * @param description what the schema describes
     * @param attributes its attributes, in order
     * @throws IllegalArgumentException when two attributes share a name (ignoring case)
     */
    public Schema(String id, String name, String description, List<AttributeDefinition> attributes) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.attributes = List.copyOf(attributes);
        Map<String, AttributeDefinition> map = new HashMap<>();
        for (AttributeDefinition attribute : this.attributes) {
            if (map.put(AttributeDefinition.lower(attribute.name()), attribute) != null) {
                throw new IllegalArgumentException("attribute " + attribute.name() + " is defined twice in " + id);
            }
        }
        this.byLowerName = Collections.unmodifiableMap(map);
    }

    /**
     * Reads a schema from its RFC 7643 §8.7 JSON representation.
     *
     * @param json the schema resource
     * @return the schema
     * @throws io.scimlab.core.error.ScimException 400 {@code invalidValue} when the JSON is not a valid schema
     */
    public static Schema fromJson(JsonNode json) {
        return SchemaJson.readSchema(json);
    }

    /**
     * Writes the RFC 7643 §8.7 representation (with {@code schemas} and {@code meta.resourceType}, without
     * {@code meta.location}, which depends on the server's base URL).
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        return SchemaJson.writeSchema(this);
    }

    /** The schema URN. */
    public String id() {
        return id;
    }

    /** The short name. */
    public String name() {
        return name;
    }

    /** The description. */
    public String description() {
        return description;
    }

    /** The attributes in schema order. */
    public List<AttributeDefinition> attributes() {
        return attributes;
    }

    /**
     * Finds an attribute by name, ignoring case.
     *
     * @param attributeName the name in any case
     * @return the definition, or null when the schema has no such attribute
     */
    public @Nullable AttributeDefinition attribute(String attributeName) {
        AttributeDefinition found = byLowerName.get(attributeName);
        return found != null ? found : byLowerName.get(AttributeDefinition.lower(attributeName));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema other && id.equals(other.id) && name.equals(other.name)
                && description.equals(other.description) && attributes.equals(other.attributes);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Schema{" + id + ", " + attributes.size() + " attributes}";
    }
}
