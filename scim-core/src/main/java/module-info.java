/**
 * ScimLab core: the SCIM 2.0 schema and resource model, filters, PATCH, and a framework-neutral SCIM
 * service provider.
 *
 * <p>Start here: build a {@link io.scimlab.core.server.ScimServer} with
 * {@link io.scimlab.core.server.ScimServer#builder()} (providers, for example the in-memory
 * {@link io.scimlab.core.server.memory.InMemoryDirectory}, and an
 * {@link io.scimlab.core.server.Authenticator}), and serve it with {@link io.scimlab.core.http.ScimHttpServer}, or
 * from a framework through {@link io.scimlab.core.server.ScimServer#handle(io.scimlab.core.server.ScimRequest)}
 * (the artifacts {@code scim-servlet} and {@code scim-jaxrs} and the Spring Boot starter do). To provision GitLab,
 * the providers come from {@code GitLabBridge} in the artifact {@code scim-gitlab}.
 */
module io.scimlab.core {
    requires transitive com.fasterxml.jackson.databind;
    // Optional: only ResourceValidation (Bean Validation of the typed records) uses them, and says so when they are
    // missing; the server never does.
    requires static jakarta.validation;
    requires static org.hibernate.validator;
    // Annotations only: consumers compile without JSpecify on their module path (not transitive).
    requires static org.jspecify;

    exports io.scimlab.core.error;
    exports io.scimlab.core.schema;
    exports io.scimlab.core.resource;
    exports io.scimlab.core.filter;
    exports io.scimlab.core.patch;
    exports io.scimlab.core.server;
    exports io.scimlab.core.server.memory;
    exports io.scimlab.core.http;

    // Hibernate Validator reads the constraint annotations of the typed resources reflectively.
    opens io.scimlab.core.resource to org.hibernate.validator;
}
