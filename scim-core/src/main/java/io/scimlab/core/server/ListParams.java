package io.scimlab.core.server;

import java.util.Optional;

/**
 * The list parameters of RFC 7644 §3.4.2 after clamping: {@code startIndex} at least 1, {@code count} between 0
 * and the server's maximum; and the RFC 9865 {@code cursor} ({@code ""} for the first page) when the client
 * pages by cursor. Package-private.
 */
record ListParams(Optional<String> filter, Optional<String> sortBy, boolean descending, int startIndex, int count,
        Optional<String> attributes, Optional<String> excludedAttributes, Optional<String> cursor) {

    ListParams withStartIndex(int value) {
        return new ListParams(filter, sortBy, descending, value, count, attributes, excludedAttributes, cursor);
    }
}
