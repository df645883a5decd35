/**
 * Errors: the single unchecked {@link io.scimlab.core.error.ScimException} and the RFC 7644 §3.12
 * {@link io.scimlab.core.error.ScimType} keywords.
 */
@NullMarked
package io.scimlab.core.error;

import org.jspecify.annotations.NullMarked;
