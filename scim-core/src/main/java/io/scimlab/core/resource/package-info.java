/**
 * The SCIM resource model: the generic, schema-aware {@link io.scimlab.core.resource.ScimResource}, the typed
 * views (User, Group, EnterpriseUser), and reading (validation, coercion) and writing (returned rules,
 * projection).
 */
@NullMarked
package io.scimlab.core.resource;

import org.jspecify.annotations.NullMarked;
