package io.scimlab.core.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed and checked request head. Package-private.
 *
 * @param method the method, as sent (case-sensitive token)
 * @param rawPath the path of the request target, still percent-encoded
 * @param rawQuery the query of the request target without {@code ?}, or empty
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1 (and later 1.x)
 * @param headers the header fields, names case-insensitive, in order of arrival
 * @param host the authority the request names (absolute-form target, else the {@code Host} field), if any
 * @param contentLength the {@code Content-Length}, or -1 when there is none
 * @param chunked whether the body has the chunked transfer coding
 * @param keepAlive whether the client lets the connection carry another request
 * @param expectContinue whether the client waits for {@code 100 Continue} before it sends the body
 */
record RequestHead(String method, String rawPath, String rawQuery, int minorVersion,
        Map<String, List<String>> headers, Optional<String> host, long contentLength, boolean chunked,
        boolean keepAlive, boolean expectContinue) {

    /** Whether a body follows the head. */
    boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** Whether this is a HEAD request, answered without a body. */
    boolean isHead() {
        return method.equals("HEAD");
    }
}
