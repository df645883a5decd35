package io.scimlab.core.server;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link ScimServer#handle(ScimRequest)} answers: a status, headers and a body, for a binding to copy to
 * its framework's response. JSON bodies are always {@code application/scim+json}, errors included.
 *
 * @param status the HTTP status
 * @param headers the response headers (single-valued; names case-insensitive)
 * @param body the body bytes, empty for 204 and 304
 */
// An array component on purpose: the binding writes the bytes as they are (no copy); equals and hashCode below compare
// the body's content.
@SuppressWarnings("ArrayRecordComponent")
public record ScimResponse(int status, Map<String, String> headers, byte[] body) {
    /** The media type of every SCIM JSON body. */
    public static final String SCIM_JSON = "application/scim+json";

    /** Checks the components and copies the headers into a case-insensitive, read-only map. */
    public ScimResponse {
        Objects.requireNonNull(body, "body");
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * A header value.
     *
     * @param name the header name, any case
     * @return the value, or empty
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The body as UTF-8 text (for tests and logs). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScimResponse other && status == other.status && headers.equals(other.headers)
                && java.util.Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + headers.hashCode()) + java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "ScimResponse{status=" + status + ", headers=" + headers + ", body=" + body.length + " bytes}";
    }
}
