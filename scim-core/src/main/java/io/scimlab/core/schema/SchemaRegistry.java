package io.scimlab.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.error.ScimException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The schemas and resource types a SCIM service provider knows, and the resolution of attribute paths
 * against them.
 *
 * <p>Immutable and safe to share between threads. {@link #standard()} holds the schemas of RFC 7643 (User,
 * Group, EnterpriseUser, and the ServiceProviderConfig, ResourceType and Schema schemas), loaded from the
 * JSON data files in this jar, and the User (with the enterprise extension) and Group resource types.
 * Custom schemas, extensions and resource types are added with {@link #toBuilder()}, which gives a new
 * registry and leaves this one as it was.
 *
 * <p>Paths resolve case-insensitively (RFC 7643 §2.1): {@code name.givenName}, {@code EMAILS.Value},
 * {@code id}, {@code meta.lastModified}, URN-qualified core or extension attributes such as
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}.
 */
public final class SchemaRegistry {
    /** The URN of the core User schema. */
    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    /** The URN of the core Group schema. */
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    /** The URN of the enterprise User extension. */
    public static final String ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** The URN of the ServiceProviderConfig schema. */
    public static final String SERVICE_PROVIDER_CONFIG_SCHEMA =
            "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    /** The URN of the ResourceType schema. */
    public static final String RESOURCE_TYPE_SCHEMA = SchemaJson.RESOURCE_TYPE_URN;
    /** The URN of the Schema schema. */
    public static final String SCHEMA_SCHEMA = SchemaJson.SCHEMA_URN;
    /**
     * ScimLab's name for the pseudo-schema that holds the attributes every resource has ({@code id},
     * {@code externalId}, {@code meta}; RFC 7643 §3.1). It is never listed at {@code /Schemas}.
     */
    public static final String COMMON_SCHEMA = "urn:scimlab:params:scim:schemas:common";

    private static final String DATA = "/io/scimlab/core/schema/";
    private static final SchemaRegistry STANDARD = loadStandard();

    private final Map<String, Schema> schemasByLowerUrn;
    private final Map<String, Schema> schemasByUrn;
    private final Map<String, ResourceTypeDefinition> typesByLowerName;
    private final Map<String, ResourceTypeDefinition> typesByLowerEndpoint;
    private final Schema common;

    private SchemaRegistry(Builder b) {
        this.common = b.common;
        this.schemasByLowerUrn = Collections.unmodifiableMap(new LinkedHashMap<>(b.schemas));
        Map<String, Schema> exact = new java.util.HashMap<>();
        b.schemas.values().forEach(schema -> exact.put(schema.id(), schema));
        this.schemasByUrn = exact;
        Map<String, ResourceTypeDefinition> byName = new LinkedHashMap<>();
        Map<String, ResourceTypeDefinition> byEndpoint = new LinkedHashMap<>();
        for (ResourceTypeDefinition type : b.types.values()) {
            requireSchema(type, type.schema());
            for (SchemaExtension ext : type.schemaExtensions()) {
                requireSchema(type, ext.schema());
            }
            byName.put(AttributeDefinition.lower(type.name()), type);
            if (byEndpoint.put(AttributeDefinition.lower(type.endpoint()), type) != null) {
                throw new IllegalArgumentException("two resource types share the endpoint " + type.endpoint());
            }
        }
        this.typesByLowerName = Collections.unmodifiableMap(byName);
        this.typesByLowerEndpoint = Collections.unmodifiableMap(byEndpoint);
    }

    private void requireSchema(ResourceTypeDefinition type, String urn) {
        if (!schemasByLowerUrn.containsKey(AttributeDefinition.lower(urn))) {
            throw new IllegalArgumentException("resource type " + type.name() + " names unknown schema " + urn);
        }
    }

    /** The registry of RFC 7643's standard schemas and the User and Group resource types. */
    public static SchemaRegistry standard() {
        return STANDARD;
    }

    /** An empty builder, holding only the common attributes (id, externalId, meta). */
    public static Builder builder() {
        return new Builder(STANDARD.common);
    }

    /** A builder holding everything this registry holds. */
    public Builder toBuilder() {
        Builder b = new Builder(common);
        b.schemas.putAll(schemasByLowerUrn);
        typesByLowerName.values().forEach(t -> b.types.put(AttributeDefinition.lower(t.name()), t));
        return b;
    }

    private static SchemaRegistry loadStandard() {
        Builder b = new Builder(Schema.fromJson(readData("Common.json")));
        for (String file : List.of("User.json", "Group.json", "EnterpriseUser.json", "ServiceProviderConfig.json",
                "ResourceType.json", "Schema.json")) {
            b.addSchema(Schema.fromJson(readData(file)));
        }
        for (JsonNode type : readData("ResourceTypes.json")) {
            b.addResourceType(ResourceTypeDefinition.fromJson(type));
        }
        return b.build();
    }

    private static JsonNode readData(String file) {
        try (InputStream in = SchemaRegistry.class.getResourceAsStream(DATA + file)) {
            if (in == null) {
                throw new IllegalStateException("schema data file missing from the jar: " + file);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema data file " + file, e);
        }
    }

    /**
     * Finds a schema by URN, ignoring case.
     *
     * @param urn the schema URN
     * @return the schema, or null when none is registered under that URN
     */
    public @Nullable Schema schema(String urn) {
        Schema exact = schemasByUrn.get(urn);
        return exact != null ? exact : schemasByLowerUrn.get(AttributeDefinition.lower(urn));
    }

    /** Every registered schema, in registration order (without the common pseudo-schema). */
    public Collection<Schema> schemas() {
        return schemasByLowerUrn.values();
    }

    /** The pseudo-schema of the attributes every resource has: {@code id}, {@code externalId}, {@code meta}. */
    public Schema commonAttributes() {
        return common;
    }

    /**
     * Finds a resource type by name, ignoring case.
     *
     * @param name e.g. {@code User}
     * @return the resource type, or null
     */
    public @Nullable ResourceTypeDefinition resourceType(String name) {
        return typesByLowerName.get(AttributeDefinition.lower(name));
    }

    /**
     * Finds a resource type by endpoint, ignoring case.
     *
     * @param endpoint e.g. {@code /Users}
     * @return the resource type, or null
     */
    public @Nullable ResourceTypeDefinition resourceTypeByEndpoint(String endpoint) {
        return typesByLowerEndpoint.get(AttributeDefinition.lower(endpoint));
    }

    /** Every registered resource type, in registration order. */
    public Collection<ResourceTypeDefinition> resourceTypes() {
        return typesByLowerName.values();
    }

    /**
     * The resource type with the given name.
     *
     * @param name e.g. {@code User}
     * @return the resource type
     * @throws IllegalArgumentException when none is registered (a programming error, not a client one)
     */
    public ResourceTypeDefinition requireResourceType(String name) {
        ResourceTypeDefinition type = resourceType(name);
        if (type == null) {
            throw new IllegalArgumentException("no resource type " + name + " is registered");
        }
        return type;
    }

    /**
     * Resolves a textual attribute path ({@code attr}, {@code attr.sub}, optionally URN-qualified) against a
     * resource type.
     *
     * @param type the resource type the path applies to
     * @param path the path in any case
     * @return the resolved attribute, or null when the path names no attribute of the type (or names an
     *     extension schema itself)
     */
    public @Nullable ResolvedAttribute resolve(ResourceTypeDefinition type, String path) {
        String urn = null;
        String rest = path;
        if (path.regionMatches(true, 0, "urn:", 0, 4)) {
            urn = schemaPrefix(type, path);
            if (urn == null || path.length() <= urn.length() + 1) {
                return null;
            }
            rest = path.substring(urn.length() + 1);
        }
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        String sub = dot < 0 ? null : rest.substring(dot + 1);
        return resolve(type, urn, name, sub);
    }

    /**
     * Resolves an already split path against a resource type.
     *
     * @param type the resource type
     * @param schemaUrn the URN qualifying the attribute, or null for the core schema and common attributes
     * @param name the attribute name, any case
     * @param subName the sub-attribute name, or null
     * @return the resolved attribute, or null when there is no such attribute (or sub-attribute)
     */
    public @Nullable ResolvedAttribute resolve(ResourceTypeDefinition type, @Nullable String schemaUrn, String name,
            @Nullable String subName) {
        Schema schema;
        boolean extension;
        AttributeDefinition attribute;
        if (schemaUrn == null || type.schema().equalsIgnoreCase(schemaUrn)) {
            schema = schema(type.schema());
            extension = false;
            attribute = schema == null ? null : schema.attribute(name);
            if (attribute == null) {
                schema = common;
                attribute = common.attribute(name);
            }
        } else {
            if (!type.allowsSchema(schemaUrn)) {
                return null;
            }
            schema = schema(schemaUrn);
            extension = true;
            attribute = schema == null ? null : schema.attribute(name);
        }
        if (attribute == null || schema == null) {
            return null;
        }
        AttributeDefinition sub = null;
        if (subName != null) {
            sub = attribute.subAttribute(subName);
            if (sub == null) {
                return null;
            }
        }
        return new ResolvedAttribute(schema.id(), extension, attribute, sub);
    }

    /**
     * The schema URN (as registered) that a URN-qualified path starts with, among the type's core schema and
     * extensions: the longest one followed by {@code ':'} or the end of the path.
     *
     * @param type the resource type
     * @param path a path starting with {@code urn:}
     * @return the URN in its registered case, or null when the path starts with none of them
     */
    public @Nullable String schemaPrefix(ResourceTypeDefinition type, String path) {
        String best = null;
        best = longerPrefix(best, type.schema(), path);
        for (SchemaExtension ext : type.schemaExtensions()) {
            best = longerPrefix(best, ext.schema(), path);
        }
        return best;
    }

    private static @Nullable String longerPrefix(@Nullable String best, String urn, String path) {
        boolean matches = path.regionMatches(true, 0, urn, 0, urn.length())
                && (path.length() == urn.length() || path.charAt(urn.length()) == ':');
        return matches && (best == null || urn.length() > best.length()) ? urn : best;
    }

    @Override
    public String toString() {
        return "SchemaRegistry{schemas=" + schemasByLowerUrn.size() + ", resourceTypes=" + typesByLowerName.keySet()
                + "}";
    }

    /** Builds a {@link SchemaRegistry}. Not thread-safe; the registry it builds is. */
    public static final class Builder {
        private final Schema common;
        private final Map<String, Schema> schemas = new LinkedHashMap<>();
        private final Map<String, ResourceTypeDefinition> types = new LinkedHashMap<>();

        private Builder(Schema common) {
            this.common = common;
        }

        /**
         * Adds (or replaces) a schema.
         *
         * @param schema a resource schema or extension
         * @return this builder
         */
        public Builder addSchema(Schema schema) {
            Objects.requireNonNull(schema, "schema");
            if (schema.id().equalsIgnoreCase(COMMON_SCHEMA)) {
                throw new IllegalArgumentException(COMMON_SCHEMA + " is reserved");
            }
            schemas.put(AttributeDefinition.lower(schema.id()), schema);
            return this;
        }

        /**
         * Adds (or replaces, by name) a resource type. Its schemas must be registered by the time
         * {@link #build()} runs.
         *
         * @param type the resource type
         * @return this builder
         */
        public Builder addResourceType(ResourceTypeDefinition type) {
            Objects.requireNonNull(type, "type");
            types.put(AttributeDefinition.lower(type.name()), type);
            return this;
        }

        /**
         * Allows an extension schema on a registered resource type (e.g. a custom GitLab extension on User).
         *
         * @param resourceType the resource type's name
         * @param extension the extension
         * @return this builder
         * @throws IllegalArgumentException when no such resource type was added
         */
        public Builder addExtension(String resourceType, SchemaExtension extension) {
            ResourceTypeDefinition type = types.get(AttributeDefinition.lower(resourceType));
            if (type == null) {
                throw new IllegalArgumentException("no resource type " + resourceType);
            }
            List<SchemaExtension> extensions = new ArrayList<>();
            for (SchemaExtension existing : type.schemaExtensions()) {
                if (!existing.schema().equalsIgnoreCase(extension.schema())) {
                    extensions.add(existing);
                }
            }
            extensions.add(extension);
            types.put(AttributeDefinition.lower(type.name()), new ResourceTypeDefinition(type.id(), type.name(),
                    type.description(), type.endpoint(), type.schema(), extensions));
            return this;
        }

        /**
         * Builds the registry.
         *
         * @return the immutable registry
         * @throws IllegalArgumentException when a resource type names an unregistered schema, or two share an
         *     endpoint
         */
        public SchemaRegistry build() {
            return new SchemaRegistry(this);
        }
    }
}
