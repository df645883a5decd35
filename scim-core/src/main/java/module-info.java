/**
 * ScimLab core: the SCIM 2.0 schema and resource model, filters, PATCH, and a framework-neutral SCIM
 * service provider.
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
