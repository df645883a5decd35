package io.scimlab.core.schema;

import java.util.Objects;

/**
 * A schema extension that a resource type allows (RFC 7643 §6, {@code schemaExtensions}).
 *
 * @param schema the extension's schema URN
 * @param required whether every resource of the type must carry the extension
 */
public record SchemaExtension(String schema, boolean required) {
    /** Checks the URN is present. */
    public SchemaExtension {
        Objects.requireNonNull(schema, "schema");
    }
}
