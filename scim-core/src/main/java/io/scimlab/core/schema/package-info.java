/**
 * The SCIM schema model (RFC 7643 §2, §6, §7): attribute definitions with all their characteristics,
 * schemas, resource types, and the {@link io.scimlab.core.schema.SchemaRegistry} that resolves attribute
 * paths case-insensitively. The standard schemas are data files in this jar, loaded at start.
 */
@NullMarked
package io.scimlab.core.schema;

import org.jspecify.annotations.NullMarked;
