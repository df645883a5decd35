/**
 * PATCH and PUT (RFC 7644 §3.5.1–3.5.2): parsing a {@link io.scimlab.core.patch.PatchRequest}, applying it
 * atomically with {@link io.scimlab.core.patch.PatchEngine}, the IdP compatibility switches of
 * {@link io.scimlab.core.patch.PatchOptions}, and the {@link io.scimlab.core.patch.ChangeSet} that tells a
 * provider exactly what changed.
 */
@NullMarked
package io.scimlab.core.patch;

import org.jspecify.annotations.NullMarked;
