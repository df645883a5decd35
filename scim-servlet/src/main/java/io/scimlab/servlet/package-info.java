/**
 * Serving a {@link io.scimlab.core.server.ScimServer} from a Jakarta Servlet container:
 * {@link io.scimlab.servlet.ScimServlet}.
 */
@NullMarked
package io.scimlab.servlet;

import org.jspecify.annotations.NullMarked;
