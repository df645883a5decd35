package io.scimlab.core.server;

import java.time.Duration;
import java.util.Objects;

/**
 * One request as a {@link ScimRequestListener} sees it once {@link ScimServer#handle} has answered it. Immutable.
 *
 * <p>The {@link #endpoint()} is a template, never the path the client sent: {@code /Users/{id}} rather than
 * {@code /Users/2819c223}, so that it can tag a metric without creating one series per resource; paths that reach
 * no endpoint are all {@link #UNMATCHED}. Nothing here holds a header, a query string or a body.
 */
public final class HandledRequest {
    /** The endpoint of every request whose path names no endpoint of the server (answered 404). */
    public static final String UNMATCHED = "UNMATCHED";

    private final String method;
    private final String endpoint;
    private final int status;
    private final Duration duration;
    private final String correlationId;

    HandledRequest(String method, String endpoint, int status, Duration duration, String correlationId) {
        this.method = Objects.requireNonNull(method, "method");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.status = status;
        this.duration = Objects.requireNonNull(duration, "duration");
        this.correlationId = Objects.requireNonNull(correlationId, "correlationId");
    }

    /**
     * The HTTP method, upper case.
     *
     * @return the method, e.g. {@code PATCH}
     */
    public String method() {
        return method;
    }

    /**
     * The endpoint template the path matched: {@code /}, {@code /.search}, a resource type's endpoint such as
     * {@code /Users}, {@code /Users/{id}} and {@code /Users/.search}, {@code /Bulk}, {@code /Me},
     * {@code /ServiceProviderConfig} (also for its {@code /serviceConfiguration} alias), {@code /ResourceTypes},
     * {@code /ResourceTypes/{id}}, {@code /Schemas}, {@code /Schemas/{id}}; otherwise {@link #UNMATCHED}. Resource
     * type endpoints are spelled as registered, whatever case the client used.
     *
     * @return the template
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The HTTP status of the response.
     *
     * @return the status, e.g. {@code 201}
     */
    public int status() {
        return status;
    }

    /**
     * The time from {@link ScimServer#handle} being called to the response being ready, reading the request body
     * and the provider's work included, sending the response not.
     *
     * @return the duration
     */
    public Duration duration() {
        return duration;
    }

    /**
     * The correlation id the response carries in {@code X-Request-Id}.
     *
     * @return the id
     */
    public String correlationId() {
        return correlationId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandledRequest r && r.method.equals(method) && r.endpoint.equals(endpoint)
                && r.status == status && r.duration.equals(duration) && r.correlationId.equals(correlationId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, endpoint, status, duration, correlationId);
    }

    @Override
    public String toString() {
        return "HandledRequest[" + method + " " + endpoint + " -> " + status + ", " + duration.toMillis() + " ms, "
                + correlationId + "]";
    }
}
