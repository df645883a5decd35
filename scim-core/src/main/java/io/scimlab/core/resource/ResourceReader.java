package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.JsonErrors;
import io.scimlab.core.internal.Utf8;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads SCIM resources from JSON, validating them against their schemas in one streaming pass.
 *
 * <p>What it does to its input:
 * <ul>
 *   <li>malformed JSON, or a body that is not a JSON object: 400 {@code invalidSyntax} with the line and column;
 *   <li>attribute names in any case are accepted and written in the case their schema spells them;
 *   <li>each value is checked against its attribute's type and multiplicity: 400 {@code invalidValue} naming the
 *       attribute path (e.g. {@code emails[1].primary});
 *   <li>explicit {@code null}, empty arrays and empty objects are unassigned (RFC 7643 §2.5) and dropped;
 *   <li>unknown attributes are dropped ({@link Builder#strict(boolean) lenient}, the default) or rejected with
 *       400 {@code invalidValue} (strict); unknown schema URNs in {@code schemas} are always rejected;
 *   <li>lenient coercions real identity providers need ({@code "True"} for {@code true}, a number for a string
 *       attribute, a single value for a multi-valued one, a bare string for a complex value with a {@code value}
 *       sub-attribute), each of which strict mode rejects;
 *   <li>required attributes (and required extensions) must be present: 400 {@code invalidValue};
 *   <li>bytes must be well-formed UTF-8 (overlong forms, encoded surrogates and truncated sequences are 400
 *       {@code invalidSyntax} with the byte offset); no string value may hold NUL or a lone surrogate, names and
 *       identifiers ({@code userName}, {@code displayName}, {@code nickName}, {@code externalId}, the parts of
 *       {@code name}) no control character, and no string value may be longer than
 *       {@link Builder#maxStringLength(int)} characters ({@link Builder#maxNameLength(int)} for names): 400
 *       {@code invalidValue} naming the attribute.
 * </ul>
 *
 * <p>{@link #readRequest} reads what a client sends: read-only attributes ({@code meta}, {@code groups}, ...) are
 * ignored, except {@code id}, which is kept so that a PUT can compare it (see
 * {@link io.scimlab.core.patch.PatchOptions#ignoreMismatchedId()}). {@link #read} reads a full representation
 * (a stored resource, a server's response) and keeps everything.
 *
 * <p>Immutable and thread-safe; build one per configuration and share it.
 */
public final class ResourceReader {
    /** The default {@link Builder#maxStringLength(int)}: 64 Ki characters. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 65_536;
    /** The default {@link Builder#maxNameLength(int)}: 1,024 characters. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 1_024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaRegistry registry;
    private final boolean strict;
    private final int maxNestingDepth;
    private final int maxStringLength;
    private final int maxNameLength;
    private final JsonFactory jsonFactory;

    private ResourceReader(Builder b) {
        this.registry = b.registry;
        this.strict = b.strict;
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxStringLength = b.maxStringLength;
        this.maxNameLength = b.maxNameLength;
        this.jsonFactory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(b.maxNestingDepth).build())
                .build();
    }

    /**
     * A builder for a reader of the given registry's resource types.
     *
     * @param registry the schemas to validate against
     * @return a builder, lenient by default
     */
    public static Builder builder(SchemaRegistry registry) {
        return new Builder(registry);
    }

    /**
     * A lenient reader of the standard schemas.
     *
     * @return the reader
     */
    public static ResourceReader standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        static final ResourceReader STANDARD = builder(SchemaRegistry.standard()).build();
    }

    /** The registry this reader validates against. */
    public SchemaRegistry registry() {
        return registry;
    }

    /** Whether this reader rejects what the lenient reader coerces or ignores. */
    public boolean strict() {
        return strict;
    }

    /** The longest string value accepted, in characters. */
    public int maxStringLength() {
        return maxStringLength;
    }

    /** The longest name or identifier accepted, in characters. */
    public int maxNameLength() {
        return maxNameLength;
    }

    /** A builder holding this reader's configuration. */
    public Builder toBuilder() {
        return new Builder(registry).strict(strict).maxNestingDepth(maxNestingDepth)
                .maxStringLength(maxStringLength).maxNameLength(maxNameLength);
    }

    /**
     * Reads a full representation, keeping read-only attributes.
     *
     * @param json UTF-8 JSON
     * @param type the resource type
     * @return the resource in canonical form
     * @throws ScimException 400 on malformed or invalid input
     */
    public ScimResource read(byte[] json, ResourceTypeDefinition type) {
        return parse(json, type, false);
    }

    /**
     * Reads a full representation, keeping read-only attributes.
     *
     * @param json JSON text
     * @param type the resource type
     * @return the resource in canonical form
     * @throws ScimException 400 on malformed or invalid input
     */
    public ScimResource read(String json, ResourceTypeDefinition type) {
        return parse(json, type, false);
    }

    /**
     * Reads a full representation from a JSON tree, keeping read-only attributes.
     *
     * @param json the JSON tree (not modified)
     * @param type the resource type
     * @return the resource in canonical form
     * @throws ScimException 400 on invalid input
     */
    public ScimResource read(JsonNode json, ResourceTypeDefinition type) {
        return parse(json, type, false);
    }

    /**
     * Reads what a client sent: read-only attributes other than {@code id} are ignored.
     *
     * @param json UTF-8 JSON
     * @param type the resource type
     * @return the resource in canonical form
     * @throws ScimException 400 on malformed or invalid input
     */
    public ScimResource readRequest(byte[] json, ResourceTypeDefinition type) {
        return parse(json, type, true);
    }

    /**
     * Reads what a client sent from a stream (not closed): read-only attributes other than {@code id} are ignored.
     *
     * @param json UTF-8 JSON
     * @param type the resource type
     * @return the resource in canonical form
     * @throws ScimException 400 on malformed or invalid input
     */
    public ScimResource readRequest(InputStream json, ResourceTypeDefinition type) {
        return parse(json, type, true);
    }

    /**
     * Reads what a client sent from a JSON tree: read-only attributes other than {@code id} are ignored.
     *
     * @param json the JSON tree (not modified)
     * @param type the resource type
     * @return the resource in canonical form
     * @throws ScimException 400 on invalid input
     */
    public ScimResource readRequest(JsonNode json, ResourceTypeDefinition type) {
        return parse(json, type, true);
    }

    /**
     * Reads what a client sent from JSON text: read-only attributes other than {@code id} are ignored.
     *
     * @param json JSON text
     * @param type the resource type
     * @return the resource in canonical form
     * @throws ScimException 400 on malformed or invalid input
     */
    public ScimResource readRequest(String json, ResourceTypeDefinition type) {
        return parse(json, type, true);
    }

    /**
     * Checks and coerces one attribute value the way resource bodies are read (used for PATCH values).
     *
     * @param json the value
     * @param attribute the attribute's definition
     * @param path the attribute path, for error details
     * @param request whether read-only sub-attributes are dropped
     * @return the value in canonical form, or null when it is unassigned
     * @throws ScimException 400 {@code invalidValue} when the value does not fit the attribute
     */
    JsonNode readValue(JsonNode json, AttributeDefinition attribute, String path, boolean request) {
        try (JsonParser p = json.traverse()) {
            p.nextToken();
            ReadCursor c = new ReadCursor(p, this, request);
            c.push(path);
            JsonNode value = TreeValues.readAttribute(c, attribute);
            return value == null ? NODES.nullNode() : value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks and coerces one element of a multi-valued attribute (a PATCH value for {@code emails[...]}).
     *
     * @param json the element
     * @param attribute the multi-valued attribute's definition
     * @param path the element's path, for error details
     * @param request whether read-only sub-attributes are dropped
     * @return the element in canonical form, or a null node when it is unassigned
     * @throws ScimException 400 {@code invalidValue} when the value does not fit the attribute
     */
    JsonNode readElement(JsonNode json, AttributeDefinition attribute, String path, boolean request) {
        if (json.isArray()) {
            throw ScimException.invalidValue(path + " must be a single value, not an array");
        }
        try (JsonParser p = json.traverse()) {
            p.nextToken();
            ReadCursor c = new ReadCursor(p, this, request);
            c.push(path);
            JsonNode value = TreeValues.readSingle(c, attribute);
            return value == null ? NODES.nullNode() : value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ScimResource parse(Object source, ResourceTypeDefinition type, boolean request) {
        try (JsonParser p = open(source)) {
            ReadCursor c = new ReadCursor(p, this, request);
            ObjectNode resource = readResource(c, type);
            ResourceRules.endResource(c);
            return ScimResource.wrap(resource);
        } catch (JsonProcessingException e) {
            throw JsonErrors.malformed(e);
        } catch (IOException e) {
            throw ResourceRules.unreadable(e);
        }
    }

    JsonParser open(Object source) throws IOException {
        if (source instanceof byte[] bytes) {
            Utf8.checkJson(bytes);
            return jsonFactory.createParser(bytes);
        } else if (source instanceof String text) {
            // Jackson's byte parser (with its quad-based name table) is faster than its char parser, by more
            // than the copy costs; but it counts columns in bytes, so only ASCII text (one byte a char: the
            // line/column of an error stay the same) is read as bytes.
            return isAscii(text) ? jsonFactory.createParser(text.getBytes(StandardCharsets.ISO_8859_1))
                    : jsonFactory.createParser(text);
        } else if (source instanceof InputStream in) {
            JsonParser p = jsonFactory.createParser(Utf8.checkingJson(in));
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return p;
        }
        return ((JsonNode) source).traverse();
    }

    private static boolean isAscii(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode readResource(ReadCursor c, ResourceTypeDefinition type) throws IOException {
        ResourceRules.startResource(c);
        JsonParser p = c.p;
        Schema core = Objects.requireNonNull(registry.schema(type.schema()), type.schema());
        ObjectNode out = NODES.objectNode();
        // "schemas" goes first, as in every SCIM example; it is filled in once the whole body has been read.
        ArrayNode schemaArray = out.putArray("schemas");
        List<String> schemas = new ArrayList<>(2);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equalsIgnoreCase("schemas")) {
                ResourceRules.readSchemas(c, registry, type, schemas);
                continue;
            }
            if (key.regionMatches(true, 0, "urn:", 0, 4)) {
                readExtension(c, type, key, out);
                continue;
            }
            AttributeDefinition attribute = ResourceRules.coreAttribute(registry, core, key);
            if (attribute == null) {
                c.unknown("", key);
                continue;
            }
            putAttribute(c, out, attribute, attribute.name());
        }
        ResourceRules.finishSchemas(c, type, schemas, out::has);
        schemas.forEach(schemaArray::add);
        ResourceRules.checkRequired(ResourceRules.required(core), a -> out.has(a.name()), "");
        return out;
    }

    private void readExtension(ReadCursor c, ResourceTypeDefinition type, String key, ObjectNode out)
            throws IOException {
        Schema schema = ResourceRules.extension(c, registry, type, key);
        if (schema == null) {
            return;
        }
        JsonParser p = c.p;
        if (schema.id().equals(type.schema())) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                AttributeDefinition attribute = schema.attribute(name);
                if (attribute == null) {
                    c.unknown(schema.id() + ":", name);
                    continue;
                }
                putAttribute(c, out, attribute, attribute.name());
            }
            return;
        }
        String urn = schema.id();
        ObjectNode extension = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            AttributeDefinition attribute = schema.attribute(name);
            if (attribute == null) {
                c.unknown(urn + ":", name);
                continue;
            }
            putAttribute(c, extension, attribute, urn + ":" + attribute.name());
        }
        if (!extension.isEmpty()) {
            ResourceRules.checkRequired(ResourceRules.required(schema), a -> extension.has(a.name()), urn + ":");
            out.set(urn, extension);
        }
    }

    private static void putAttribute(ReadCursor c, ObjectNode out, AttributeDefinition attribute, String path)
            throws IOException {
        if (!ResourceRules.keepAttribute(c, attribute)) {
            return;
        }
        c.push(path);
        JsonNode value = TreeValues.readAttribute(c, attribute);
        c.pop();
        if (value != null) {
            out.set(attribute.name(), value);
        } else {
            out.remove(attribute.name());
        }
    }

    /** Builds a {@link ResourceReader}. */
    public static final class Builder {
        private final SchemaRegistry registry;
        private boolean strict;
        private int maxNestingDepth = 64;
        private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
        private int maxNameLength = DEFAULT_MAX_NAME_LENGTH;

        private Builder(SchemaRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Strict RFC mode: unknown attributes, string booleans, numbers for strings, single values for
         * multi-valued attributes and bare values for complex ones are rejected instead of tolerated.
         *
         * @param value true for strict, false (the default) for IdP-lenient
         * @return this builder
         */
        public Builder strict(boolean value) {
            this.strict = value;
            return this;
        }

        /**
         * The deepest JSON nesting accepted (default 64); deeper input is 400 {@code invalidSyntax} before any
         * deep recursion happens.
         *
         * @param value the maximum depth, at least 4
         * @return this builder
         */
        public Builder maxNestingDepth(int value) {
            if (value < 4) {
                throw new IllegalArgumentException("maxNestingDepth must be at least 4");
            }
            this.maxNestingDepth = value;
            return this;
        }

        /**
         * The longest string value (string, reference or binary attribute) accepted, in characters (default
         * {@value ResourceReader#DEFAULT_MAX_STRING_LENGTH}); a longer one is 400 {@code invalidValue} naming the
         * attribute.
         *
         * @param value a positive length
         * @return this builder
         */
        public Builder maxStringLength(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxStringLength must be positive");
            }
            this.maxStringLength = value;
            return this;
        }

        /**
         * The longest name or identifier ({@code userName}, {@code displayName}, {@code nickName},
         * {@code externalId}, the parts of {@code name}) accepted, in characters (default
         * {@value ResourceReader#DEFAULT_MAX_NAME_LENGTH}).
         *
         * @param value a positive length
         * @return this builder
         */
        public Builder maxNameLength(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxNameLength must be positive");
            }
            this.maxNameLength = value;
            return this;
        }

        /** Builds the reader. */
        public ResourceReader build() {
            return new ResourceReader(this);
        }
    }
}
