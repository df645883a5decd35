/**
 * {@link io.scimlab.core.http.ScimHttpServer}: serves an {@link io.scimlab.core.server.ScimServer} over HTTP/1.1
 * with a small embedded server on the JDK's sockets, needing no dependency.
 */
@NullMarked
package io.scimlab.core.http;

import org.jspecify.annotations.NullMarked;
