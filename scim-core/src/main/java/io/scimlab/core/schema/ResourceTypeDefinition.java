package io.scimlab.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A resource type (RFC 7643 §6): its name, endpoint, core schema and the extensions it allows.
 *
 * @param id the identifier (usually equal to the name)
 * @param name the name, e.g. {@code User}
 * @param description what the resources are
 * @param endpoint the endpoint relative to the base URL, e.g. {@code /Users}
 * @param schema the core schema URN
 * @param schemaExtensions the allowed extensions
 */
public record ResourceTypeDefinition(String id, String name, String description, String endpoint, String schema,
        List<SchemaExtension> schemaExtensions) {

    /** Checks the components and makes the extension list immutable. */
    public ResourceTypeDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(schema, "schema");
        if (!endpoint.startsWith("/")) {
            throw new IllegalArgumentException("an endpoint starts with '/': " + endpoint);
        }
        schemaExtensions = List.copyOf(schemaExtensions);
    }

    /**
     * Reads the RFC 7643 §6 / §8.6 JSON representation.
     *
     * @param json a ResourceType resource
     * @return the definition
     * @throws io.scimlab.core.error.ScimException 400 {@code invalidValue} when a required member is missing
     */
    public static ResourceTypeDefinition fromJson(JsonNode json) {
        return SchemaJson.readResourceType(json);
    }

    /**
     * Writes the RFC 7643 §8.6 representation (without {@code meta.location}).
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        return SchemaJson.writeResourceType(this);
    }

    /**
     * Whether a schema URN is this type's core schema or one of its extensions (ignoring case).
     *
     * @param urn a schema URN
     * @return true when resources of this type may carry it
     */
    public boolean allowsSchema(String urn) {
        if (schema.equalsIgnoreCase(urn)) {
            return true;
        }
        for (SchemaExtension extension : schemaExtensions) {
            if (extension.schema().equalsIgnoreCase(urn)) {
                return true;
            }
        }
        return false;
    }
}
