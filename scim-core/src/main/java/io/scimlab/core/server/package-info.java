/**
 * The framework-neutral SCIM service provider: the {@link io.scimlab.core.server.ResourceProvider} SPI that
 * backends implement, and the types that cross it.
 */
@NullMarked
package io.scimlab.core.server;

import org.jspecify.annotations.NullMarked;
