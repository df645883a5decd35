/**
 * A thread-safe in-memory {@link io.scimlab.core.server.ResourceProvider}: for tests, demos, the sandbox and
 * benchmarks, and as a reference implementation of the provider SPI.
 */
@NullMarked
package io.scimlab.core.server.memory;

import org.jspecify.annotations.NullMarked;
