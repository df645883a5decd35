/**
 * Helpers the other packages of scim-core share (JSON, text, dates, UTF-8, percent-decoding); not exported by the
 * module, not API.
 */
@NullMarked
package io.scimlab.core.internal;

import org.jspecify.annotations.NullMarked;
