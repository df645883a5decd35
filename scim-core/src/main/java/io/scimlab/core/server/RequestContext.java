package io.scimlab.core.server;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who made a SCIM request and how to trace it: handed to every provider call.
 *
 * @param principal the authenticated client (e.g. the name of the bearer token that matched); never a secret
 * @param tenant the tenant the request is scoped to, when the server is multi-tenant
 * @param correlationId an id for this request, carried into logs and audit events
 * @param attributes anything else an authenticator or binding wants providers to see (read-only)
 */
public record RequestContext(String principal, Optional<String> tenant, String correlationId,
        Map<String, String> attributes) {

    /** Checks the components and copies the map. */
    public RequestContext {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(correlationId, "correlationId");
        attributes = Map.copyOf(attributes);
    }

    /**
     * A context for calls made outside any HTTP request (tests, reconciliation jobs).
     *
     * @param principal who is acting
     * @return the context, with a random correlation id
     */
    public static RequestContext system(String principal) {
        return new RequestContext(principal, Optional.empty(), java.util.UUID.randomUUID().toString(), Map.of());
    }
}
