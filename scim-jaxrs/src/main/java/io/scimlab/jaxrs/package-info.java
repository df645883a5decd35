/**
 * Serving a {@link io.scimlab.core.server.ScimServer} from a Jakarta REST runtime:
 * {@link io.scimlab.jaxrs.ScimJaxRsResource}.
 */
@NullMarked
package io.scimlab.jaxrs;

import org.jspecify.annotations.NullMarked;
