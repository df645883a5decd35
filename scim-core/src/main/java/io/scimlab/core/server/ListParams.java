package io.scimlab.core.server;

import java.util.Optional;

/**
 * The list parameters of RFC 7644 §3.4.2 after clamping: {@code startIndex} at least 1, {@code count} between 0
 * and the server's maximum. Package-private.
 */
record ListParams(Optional<String> filter, Optional<String> sortBy, boolean descending, int startIndex, int count,
        Optional<String> attributes, Optional<String> excludedAttributes) {
}
