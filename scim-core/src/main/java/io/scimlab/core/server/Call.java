package io.scimlab.core.server;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One call routed inside the server: an HTTP request after authentication, or one operation of a bulk request.
 * Package-private: what the handlers share.
 */
final class Call {
    final String method;
    final Map<String, String> params;
    final Map<String, String> headers;
    final byte[] body;
    final RequestContext context;
    final String baseUrl;

    Call(String method, Map<String, String> params, Map<String, String> headers, byte[] body,
            RequestContext context, String baseUrl) {
        this.method = method;
        this.params = params;
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = h;
        this.body = body;
        this.context = context;
        this.baseUrl = baseUrl;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    Optional<String> param(String name) {
        String value = params.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** Whether the client asked for no body back (RFC 7240 {@code Prefer: return=minimal}). */
    boolean prefersMinimal() {
        return prefers("return=minimal");
    }

    /** Whether the client asked for the resource back (RFC 7240 {@code Prefer: return=representation}). */
    boolean prefersRepresentation() {
        return prefers("return=representation");
    }

    private boolean prefers(String preference) {
        String prefer = headers.get("Prefer");
        return prefer != null && prefer.replace(" ", "").toLowerCase(java.util.Locale.ROOT).contains(preference);
    }
}
