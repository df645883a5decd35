package io.scimlab.gitlab.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaExtension;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The rule that makes a SCIM User a GitLab service account, and the ScimLab extension schema that carries it.
 *
 * <p>A User is a service account when its {@code userType} is {@code ServiceAccount} (any case), or when the
 * extension {@value #EXTENSION_URN} has {@code serviceAccount: true} (a boolean, or the string {@code "true"} in
 * any case, as Entra sends booleans). Either marker is enough; the status is fixed when the user is created.
 */
public final class ServiceAccounts {
    /** The URN of ScimLab's GitLab extension of the User resource. */
    public static final String EXTENSION_URN = "urn:scimlab:params:scim:schemas:extension:gitlab:2.0:User";
    /** The extension attribute that marks a service account. */
    public static final String ATTRIBUTE = "serviceAccount";
    /** The {@code userType} value that marks a service account (compared ignoring case). */
    public static final String USER_TYPE = "ServiceAccount";

    private static final Schema SCHEMA = load();

    private ServiceAccounts() {
    }

    /**
     * The extension schema (one optional, immutable boolean {@code serviceAccount}).
     *
     * @return the schema
     */
    public static Schema schema() {
        return SCHEMA;
    }

    /**
     * The standard registry plus the extension on User, as the SCIM server should serve it at {@code /Schemas}.
     *
     * @return the registry
     */
    public static SchemaRegistry registry() {
        return withExtension(SchemaRegistry.standard());
    }

    /**
     * A registry with the extension schema added and attached (optional) to the User resource type; the registry
     * itself when it already has both.
     *
     * @param registry a registry with a User resource type
     * @return the registry with the extension
     */
    public static SchemaRegistry withExtension(SchemaRegistry registry) {
        boolean attached = registry.requireResourceType("User").schemaExtensions().stream()
                .anyMatch(e -> e.schema().equalsIgnoreCase(EXTENSION_URN));
        if (attached && registry.schema(EXTENSION_URN) != null) {
            return registry;
        }
        return registry.toBuilder().addSchema(SCHEMA).addExtension("User", new SchemaExtension(EXTENSION_URN, false))
                .build();
    }

    /**
     * Whether a SCIM User is a service account under the documented rule.
     *
     * @param user the resource
     * @return true for a service account
     */
    public static boolean isServiceAccount(ScimResource user) {
        JsonNode type = user.get("userType");
        if (type.isTextual() && type.asText().trim().equalsIgnoreCase(USER_TYPE)) {
            return true;
        }
        JsonNode flag = user.get(EXTENSION_URN + ":" + ATTRIBUTE);
        return flag.isBoolean() ? flag.booleanValue() : flag.isTextual() && flag.asText().trim()
                .equalsIgnoreCase("true");
    }

    private static Schema load() {
        try (InputStream in = ServiceAccounts.class.getResourceAsStream("GitLabUser.json")) {
            if (in == null) {
                throw new IllegalStateException("schema data file missing from the jar: GitLabUser.json");
            }
            return Schema.fromJson(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read GitLabUser.json", e);
        }
    }
}
