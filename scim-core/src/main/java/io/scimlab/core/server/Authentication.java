package io.scimlab.core.server;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who an {@link Authenticator} found behind a request: never a secret.
 *
 * @param principal the client's name (e.g. the name of the bearer token that matched, an OAuth client id, a
 *     certificate subject); it becomes {@link RequestContext#principal()}
 * @param tenant the tenant the request is scoped to, when the deployment is multi-tenant
 * @param attributes anything else providers should see (scopes, ...)
 */
public record Authentication(String principal, Optional<String> tenant, Map<String, String> attributes) {
    /** Checks the components and copies the map. */
    public Authentication {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tenant, "tenant");
        attributes = Map.copyOf(attributes);
    }

    /**
     * A principal without tenant or attributes.
     *
     * @param principal the client's name
     * @return the authentication
     */
    public static Authentication of(String principal) {
        return new Authentication(principal, Optional.empty(), Map.of());
    }
}
