package io.scimlab.core.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as {@link ScimServer#handle(ScimRequest)} receives it, free of any servlet or framework type.
 *
 * <p>A binding (the JDK HTTP server, a servlet, a Spring controller, a JAX-RS resource) copies the method, the
 * path below the SCIM base path, the raw query string, the headers and the body into one of these. Header names
 * are case-insensitive. The body stream is read at most once, and never beyond the server's body limit.
 *
 * @param method the HTTP method, e.g. {@code GET} (any case)
 * @param path the path relative to the SCIM base, e.g. {@code /Users/2819c223}; still percent-encoded
 * @param rawQuery the raw (percent-encoded) query string without {@code ?}, or empty
 * @param headers the request headers, names case-insensitive
 * @param body the request body (empty stream when there is none)
 * @param remote what the binding knows about the caller (address, TLS client certificate subject)
 * @param baseUrl the absolute URL of the SCIM base as this request reached it, used for {@code meta.location}
 *     when the server has no configured base URL
 */
public record ScimRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
        InputStream body, RemoteInfo remote, Optional<String> baseUrl) {

    /** Checks the components; upper-cases the method and copies the headers into a case-insensitive map. */
    public ScimRequest {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rawQuery, "rawQuery");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(baseUrl, "baseUrl");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return the value, or empty when the header is absent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Method, path and header names only: header values (a bearer token) never appear. */
    @Override
    public String toString() {
        return "ScimRequest{" + method + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + ", headers="
                + headers.keySet() + "}";
    }

    /**
     * A builder for a request.
     *
     * @param method the HTTP method
     * @param path the path relative to the SCIM base, with an optional {@code ?query}
     * @return the builder
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /**
     * What a binding knows about the caller, for authenticators (mTLS) and logs. Never a secret.
     *
     * @param address the caller's IP address, when known
     * @param clientCertificateSubject the subject of a verified TLS client certificate, when there is one
     */
    public record RemoteInfo(Optional<String> address, Optional<String> clientCertificateSubject) {
        /** Nothing known about the caller. */
        public static final RemoteInfo UNKNOWN = new RemoteInfo(Optional.empty(), Optional.empty());

        /** Checks the components. */
        public RemoteInfo {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(clientCertificateSubject, "clientCertificateSubject");
        }
    }

    /** Builds a {@link ScimRequest}; mainly for tests, bulk sub-requests and simple bindings. */
    public static final class Builder {
        private final String method;
        private String path;
        private String rawQuery = "";
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private InputStream body = InputStream.nullInputStream();
        private RemoteInfo remote = RemoteInfo.UNKNOWN;
        private Optional<String> baseUrl = Optional.empty();

        private Builder(String method, String path) {
            this.method = method;
            int q = path.indexOf('?');
            this.path = q < 0 ? path : path.substring(0, q);
            if (q >= 0) {
                this.rawQuery = path.substring(q + 1);
            }
        }

        /**
         * Sets the raw query string.
         *
         * @param value the percent-encoded query, without {@code ?}
         * @return this builder
         */
        public Builder query(String value) {
            this.rawQuery = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Adds a header value.
         *
         * @param name the header name
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        /**
         * Sets the body.
         *
         * @param value the body bytes
         * @return this builder
         */
        public Builder body(byte[] value) {
            this.body = new ByteArrayInputStream(value);
            return this;
        }

        /**
         * Sets the body as a stream, read at most once and not closed by the server.
         *
         * @param value the body stream
         * @return this builder
         */
        public Builder body(InputStream value) {
            this.body = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets what is known about the caller.
         *
         * @param value the caller info
         * @return this builder
         */
        public Builder remote(RemoteInfo value) {
            this.remote = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets the base URL the request reached.
         *
         * @param value the absolute base URL, e.g. {@code https://host/scim/v2}
         * @return this builder
         */
        public Builder baseUrl(String value) {
            this.baseUrl = Optional.of(value);
            return this;
        }

        /** Builds the request. */
        public ScimRequest build() {
            return new ScimRequest(method, path, rawQuery, headers, body, remote, baseUrl);
        }
    }
}
