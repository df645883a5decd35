/**
 * Bindings of {@link io.scimlab.core.server.ScimServer} to HTTP servers that need no extra dependency: the JDK's
 * own {@code com.sun.net.httpserver}.
 */
@NullMarked
package io.scimlab.core.http;

import org.jspecify.annotations.NullMarked;
