/**
 * ScimLab Jakarta REST: {@link io.scimlab.jaxrs.ScimJaxRsResource}, one resource class that serves a
 * {@link io.scimlab.core.server.ScimServer} in any Jakarta REST (JAX-RS 3.1 or later) runtime.
 *
 * <p>Start here:
 * <pre>{@code
 * ScimServer scim = ScimServer.builder()...build();
 * ResourceConfig app = new ResourceConfig().register(new ScimJaxRsResource(scim));   // Jersey: /scim/v2/...
 * }</pre>
 */
module io.scimlab.jaxrs {
    requires transitive io.scimlab.core;
    requires transitive jakarta.ws.rs;
    // Annotations only: consumers compile without JSpecify on their module path (not transitive).
    requires static org.jspecify;

    exports io.scimlab.jaxrs;
}
