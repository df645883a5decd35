package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.Mutability;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaExtension;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The rules a resource body as a whole is read by ({@code schemas}, extensions, required attributes, syntax
 * errors), in one place for the tree-building {@link ResourceReader} and the typed {@link TypedJson}; the
 * per-value rules are in {@link ValueRules}.
 */
final class ResourceRules {
    private ResourceRules() {}

    /** A body must be a JSON object; leaves the parser at its start. */
    static void startResource(ReadCursor c) throws IOException {
        JsonParser p = c.p;
        if (p.currentToken() == null && p.nextToken() == null) {
            throw ScimException.invalidSyntax("the body is empty; a JSON object was expected");
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ScimException.invalidSyntax("a JSON object was expected at " + c.where() + ", not "
                    + ValueRules.describe(p.currentToken()));
        }
    }

    /** Nothing may follow the resource's object. */
    static void endResource(ReadCursor c) throws IOException {
        if (c.p.nextToken() != null) {
            throw ScimException.invalidSyntax("unexpected content after the JSON object at " + c.where());
        }
    }

    /** The 400 for a body that could not be read at all. */
    static ScimException unreadable(IOException e) {
        return ScimException.invalidSyntax("unreadable request body: " + e.getClass().getSimpleName());
    }

    /** A top-level attribute of the core schema or, failing that, a common attribute ({@code id}, {@code meta}...). */
    static @Nullable AttributeDefinition coreAttribute(SchemaRegistry registry, Schema core, String key) {
        AttributeDefinition attribute = core.attribute(key);
        return attribute != null ? attribute : registry.commonAttributes().attribute(key);
    }

    /** Whether a top-level attribute is read: a request's read-only attributes are skipped, except {@code id}. */
    static boolean keepAttribute(ReadCursor c, AttributeDefinition attribute) throws IOException {
        if (c.request && attribute.mutability() == Mutability.READ_ONLY && !attribute.name().equals("id")) {
            c.p.skipChildren();
            return false;
        }
        return true;
    }

    /** Reads the {@code schemas} member into canonical URNs, without duplicates. */
    static void readSchemas(ReadCursor c, SchemaRegistry registry, ResourceTypeDefinition type,
            List<String> schemas) throws IOException {
        JsonParser p = c.p;
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            if (c.strict || p.currentToken() != JsonToken.VALUE_STRING) {
                throw ScimException.invalidValue("schemas must be an array of schema URNs");
            }
            addSchema(c, registry, type, schemas, p.getText());
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw ScimException.invalidValue("schemas must be an array of schema URNs");
            }
            addSchema(c, registry, type, schemas, p.getText());
        }
    }

    private static void addSchema(ReadCursor c, SchemaRegistry registry, ResourceTypeDefinition type,
            List<String> schemas, String urn) {
        if (!type.allowsSchema(urn)) {
            if (c.strict || registry.schema(urn) != null || !isTolerableForeignSchema(urn)) {
                throw ScimException.invalidValue("schemas: " + Excerpt.of(urn) + " is not a schema of resource type "
                        + type.name());
            }
            return;
        }
        String canonical = canonicalUrn(type, urn);
        if (!schemas.contains(canonical)) {
            schemas.add(canonical);
        }
    }

    /**
     * The schema whose attributes a {@code urn:...} member holds, the parser at its value: null when the member
     * is skipped (an unknown extension when lenient, or null). For the core schema's own URN (core attributes
     * wrapped in it: valid, rare) the value has been checked to be an object.
     */
    static @Nullable Schema extension(ReadCursor c, SchemaRegistry registry, ResourceTypeDefinition type,
            String key) throws IOException {
        if (!type.allowsSchema(key)) {
            if (registry.schema(key) == null && !c.strict) {
                c.p.skipChildren();
                return null;
            }
            throw ScimException.invalidValue(Excerpt.of(key) + " is not an extension of resource type " + type.name());
        }
        String urn = canonicalUrn(type, key);
        Schema schema = Objects.requireNonNull(registry.schema(urn), urn);
        if (urn.equals(type.schema())) {
            if (c.p.currentToken() != JsonToken.START_OBJECT) {
                throw ScimException.invalidValue(key + " must be a JSON object");
            }
            return schema;
        }
        if (c.p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (c.p.currentToken() != JsonToken.START_OBJECT) {
            throw ScimException.invalidValue(urn + " must be a JSON object");
        }
        return schema;
    }

    /**
     * Completes {@code schemas}: the core schema first (added when lenient), every extension the resource carries
     * listed, required extensions present.
     *
     * @param present whether the resource carries the extension of a URN
     */
    static void finishSchemas(ReadCursor c, ResourceTypeDefinition type, List<String> schemas,
            Predicate<String> present) {
        if (!schemas.contains(type.schema())) {
            if (c.strict) {
                throw ScimException.invalidValue("schemas must contain " + type.schema());
            }
            schemas.add(0, type.schema());
        }
        for (SchemaExtension ext : type.schemaExtensions()) {
            boolean has = present.test(ext.schema());
            if (has && !schemas.contains(ext.schema())) {
                if (c.strict) {
                    throw ScimException.invalidValue("schemas must list " + ext.schema()
                            + " when the resource carries it");
                }
                schemas.add(ext.schema());
            }
            if (ext.required() && !has) {
                throw ScimException.invalidValue("the extension " + ext.schema() + " is required");
            }
        }
    }

    /** The attributes of a schema that must be present: the required ones a client sets (not read-only ones). */
    static List<AttributeDefinition> required(Schema schema) {
        List<AttributeDefinition> required = new ArrayList<>(1);
        for (AttributeDefinition attribute : schema.attributes()) {
            if (attribute.required() && attribute.mutability() != Mutability.READ_ONLY) {
                required.add(attribute);
            }
        }
        return required;
    }

    /** Every attribute of {@link #required} must be present. */
    static void checkRequired(List<AttributeDefinition> required, Predicate<AttributeDefinition> present,
            String prefix) {
        for (AttributeDefinition attribute : required) {
            if (!present.test(attribute)) {
                throw ScimException.invalidValue(prefix + attribute.name() + " is required");
            }
        }
    }

    static String canonicalUrn(ResourceTypeDefinition type, String urn) {
        if (type.schema().equalsIgnoreCase(urn)) {
            return type.schema();
        }
        for (SchemaExtension ext : type.schemaExtensions()) {
            if (ext.schema().equalsIgnoreCase(urn)) {
                return ext.schema();
            }
        }
        return urn;
    }

    /**
     * Schema URNs that identity providers add which name no attribute in the body, such as Entra's
     * {@code http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group}: tolerated when lenient.
     */
    private static boolean isTolerableForeignSchema(String urn) {
        return urn.startsWith("http://") || urn.startsWith("https://");
    }
}
