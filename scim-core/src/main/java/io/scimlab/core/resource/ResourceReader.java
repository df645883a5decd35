package io.scimlab.core.resource;

import io.scimlab.core.internal.DateTimes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
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
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.AttributeType;
import io.scimlab.core.schema.Mutability;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaExtension;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 *   <li>required attributes (and required extensions) must be present: 400 {@code invalidValue}.
 * </ul>
 *
 * <p>{@link #readRequest} reads what a client sends: read-only attributes ({@code meta}, {@code groups}, ...) are
 * ignored, except {@code id}, which is kept so that a PUT can check it. {@link #read} reads a full representation
 * (a stored resource, a server's response) and keeps everything.
 *
 * <p>Immutable and thread-safe; build one per configuration and share it.
 */
public final class ResourceReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaRegistry registry;
    private final boolean strict;
    private final JsonFactory jsonFactory;

    private ResourceReader(Builder b) {
        this.registry = b.registry;
        this.strict = b.strict;
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
    public JsonNode readValue(JsonNode json, AttributeDefinition attribute, String path, boolean request) {
        try (JsonParser p = json.traverse()) {
            p.nextToken();
            Session session = new Session(p, request);
            session.push(path);
            JsonNode value = session.readAttribute(attribute);
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
    public JsonNode readElement(JsonNode json, AttributeDefinition attribute, String path, boolean request) {
        if (json.isArray()) {
            throw ScimException.invalidValue(path + " must be a single value, not an array");
        }
        try (JsonParser p = json.traverse()) {
            p.nextToken();
            Session session = new Session(p, request);
            session.push(path);
            JsonNode value = session.readSingle(attribute);
            return value == null ? NODES.nullNode() : value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ScimResource parse(Object source, ResourceTypeDefinition type, boolean request) {
        try (JsonParser p = open(source)) {
            ObjectNode resource = new Session(p, request).readResource(type);
            if (p.nextToken() != null) {
                throw ScimException.invalidSyntax("unexpected content after the JSON object at "
                        + where(p));
            }
            return ScimResource.wrap(resource);
        } catch (JsonProcessingException e) {
            throw JsonErrors.malformed(e);
        } catch (IOException e) {
            throw ScimException.invalidSyntax("unreadable request body: " + e.getClass().getSimpleName());
        }
    }

    private JsonParser open(Object source) throws IOException {
        if (source instanceof byte[] bytes) {
            return jsonFactory.createParser(bytes);
        } else if (source instanceof String text) {
            return jsonFactory.createParser(text);
        } else if (source instanceof InputStream in) {
            JsonParser p = jsonFactory.createParser(in);
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return p;
        }
        return ((JsonNode) source).traverse();
    }

    private static String where(JsonParser p) {
        return "line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
    }

    /** The state of reading one document. */
    private final class Session {
        private final JsonParser p;
        private final boolean request;

        Session(JsonParser p, boolean request) {
            this.p = p;
            this.request = request;
        }

        ObjectNode readResource(ResourceTypeDefinition type) throws IOException {
            if (p.currentToken() == null && p.nextToken() == null) {
                throw ScimException.invalidSyntax("the body is empty; a JSON object was expected");
            }
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw ScimException.invalidSyntax("a JSON object was expected at " + where(p) + ", not "
                        + describe(p.currentToken()));
            }
            Schema core = Objects.requireNonNull(registry.schema(type.schema()), type.schema());
            ObjectNode out = NODES.objectNode();
            ArrayNode schemas = out.putArray("schemas");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                if (key.equalsIgnoreCase("schemas")) {
                    readSchemas(type, schemas);
                    continue;
                }
                if (key.regionMatches(true, 0, "urn:", 0, 4)) {
                    readExtension(type, key, out);
                    continue;
                }
                AttributeDefinition attribute = core.attribute(key);
                if (attribute == null) {
                    attribute = registry.commonAttributes().attribute(key);
                }
                if (attribute == null) {
                    unknown(key);
                    continue;
                }
                putAttribute(out, attribute, attribute.name());
            }
            finishSchemas(type, out, schemas);
            checkRequired(core, out, "");
            return out;
        }

        private void readSchemas(ResourceTypeDefinition type, ArrayNode schemas) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            if (p.currentToken() != JsonToken.START_ARRAY) {
                if (strict || p.currentToken() != JsonToken.VALUE_STRING) {
                    throw ScimException.invalidValue("schemas must be an array of schema URNs");
                }
                addSchema(type, schemas, p.getText());
                return;
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw ScimException.invalidValue("schemas must be an array of schema URNs");
                }
                addSchema(type, schemas, p.getText());
            }
        }

        private void addSchema(ResourceTypeDefinition type, ArrayNode schemas, String urn) {
            if (!type.allowsSchema(urn)) {
                if (strict || registry.schema(urn) != null || !isTolerableForeignSchema(urn)) {
                    throw ScimException.invalidValue("schemas: " + urn + " is not a schema of resource type "
                            + type.name());
                }
                return;
            }
            String canonical = canonicalUrn(type, urn);
            for (JsonNode existing : schemas) {
                if (existing.asText().equals(canonical)) {
                    return;
                }
            }
            schemas.add(canonical);
        }

        private void readExtension(ResourceTypeDefinition type, String key, ObjectNode out) throws IOException {
            if (!type.allowsSchema(key)) {
                if (registry.schema(key) == null && !strict) {
                    p.skipChildren();
                    return;
                }
                throw ScimException.invalidValue(key + " is not an extension of resource type " + type.name());
            }
            String urn = canonicalUrn(type, key);
            Schema schema = Objects.requireNonNull(registry.schema(urn), urn);
            if (urn.equals(type.schema())) {
                // Core attributes wrapped in their own URN: valid in SCIM, rare; read them as core attributes.
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    throw ScimException.invalidValue(key + " must be a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    AttributeDefinition attribute = schema.attribute(name);
                    if (attribute == null) {
                        unknown(urn + ":" + name);
                        continue;
                    }
                    putAttribute(out, attribute, attribute.name());
                }
                return;
            }
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw ScimException.invalidValue(urn + " must be a JSON object");
            }
            ObjectNode extension = NODES.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                AttributeDefinition attribute = schema.attribute(name);
                if (attribute == null) {
                    unknown(urn + ":" + name);
                    continue;
                }
                putAttribute(extension, attribute, urn + ":" + attribute.name());
            }
            if (!extension.isEmpty()) {
                checkRequired(schema, extension, urn + ":");
                out.set(urn, extension);
            }
        }

        private void finishSchemas(ResourceTypeDefinition type, ObjectNode out, ArrayNode schemas) {
            boolean hasCore = false;
            for (JsonNode urn : schemas) {
                hasCore |= urn.asText().equals(type.schema());
            }
            if (!hasCore) {
                if (strict) {
                    throw ScimException.invalidValue("schemas must contain " + type.schema());
                }
                schemas.insert(0, type.schema());
            }
            for (SchemaExtension ext : type.schemaExtensions()) {
                boolean present = out.has(ext.schema());
                boolean listed = false;
                for (JsonNode urn : schemas) {
                    listed |= urn.asText().equals(ext.schema());
                }
                if (present && !listed) {
                    if (strict) {
                        throw ScimException.invalidValue("schemas must list " + ext.schema()
                                + " when the resource carries it");
                    }
                    schemas.add(ext.schema());
                }
                if (ext.required() && !present) {
                    throw ScimException.invalidValue("the extension " + ext.schema() + " is required");
                }
            }
        }

        /** Required attributes that a client sets (not the read-only ones the server sets) must be present. */
        private void checkRequired(Schema schema, ObjectNode out, String prefix) {
            for (AttributeDefinition attribute : schema.attributes()) {
                if (attribute.required() && attribute.mutability() != Mutability.READ_ONLY
                        && !out.has(attribute.name())) {
                    throw ScimException.invalidValue(prefix + attribute.name() + " is required");
                }
            }
        }

        private void putAttribute(ObjectNode out, AttributeDefinition attribute, String path) throws IOException {
            if (request && attribute.mutability() == Mutability.READ_ONLY && !attribute.name().equals("id")) {
                p.skipChildren();
                return;
            }
            push(path);
            JsonNode value = readAttribute(attribute);
            pop();
            if (value != null) {
                out.set(attribute.name(), value);
            } else {
                out.remove(attribute.name());
            }
        }

        // The path of the value being read, kept as a stack of segments (names and indexes) and turned into
        // text only for an error detail: building "emails[1].primary" for every value would cost more than
        // reading it.
        private Object[] segments = new Object[8];
        private int depth;

        void push(Object segment) {
            if (depth == segments.length) {
                segments = java.util.Arrays.copyOf(segments, depth * 2);
            }
            segments[depth++] = segment;
        }

        void pop() {
            segments[--depth] = null;
        }

        String path() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                Object segment = segments[i];
                if (segment instanceof Integer index) {
                    b.append('[').append(index).append(']');
                } else {
                    if (b.length() > 0) {
                        b.append('.');
                    }
                    b.append(segment);
                }
            }
            return b.toString();
        }

        /** Reads the value at the current token for the attribute at the current path; null when unassigned. */
        @Nullable
        JsonNode readAttribute(AttributeDefinition attribute) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (!attribute.multiValued()) {
                if (token == JsonToken.START_ARRAY) {
                    throw ScimException.invalidValue(path() + " is single-valued; an array is not allowed");
                }
                return readSingle(attribute);
            }
            ArrayNode array = NODES.arrayNode();
            if (token != JsonToken.START_ARRAY) {
                if (strict) {
                    throw ScimException.invalidValue(path() + " is multi-valued and must be an array");
                }
                JsonNode single = readSingle(attribute);
                if (single != null) {
                    array.add(single);
                }
            } else {
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    push(index);
                    if (p.currentToken() == JsonToken.START_ARRAY) {
                        throw ScimException.invalidValue(path() + " must not be an array");
                    }
                    JsonNode element = readSingle(attribute);
                    if (element != null) {
                        array.add(element);
                    }
                    pop();
                    index++;
                }
            }
            return array.isEmpty() ? null : array;
        }

        @Nullable JsonNode readSingle(AttributeDefinition attribute) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (attribute.isComplex()) {
                return readComplex(attribute);
            }
            return readSimple(attribute);
        }

        private @Nullable JsonNode readComplex(AttributeDefinition attribute) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                AttributeDefinition valueSub = attribute.subAttribute("value");
                if (!strict && valueSub != null && p.currentToken().isScalarValue()) {
                    // A bare value for a complex attribute: {"members": ["id"]} or "manager": "id".
                    push("value");
                    JsonNode value = readSimple(valueSub);
                    pop();
                    return value == null ? null : NODES.objectNode().set("value", value);
                }
                throw ScimException.invalidValue(path() + " must be a JSON object, not "
                        + describe(p.currentToken()));
            }
            ObjectNode object = NODES.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                AttributeDefinition sub = attribute.subAttribute(name);
                if (sub == null) {
                    push(name);
                    unknown(path());
                    pop();
                    continue;
                }
                if (request && sub.mutability() == Mutability.READ_ONLY
                        && attribute.mutability() != Mutability.READ_ONLY) {
                    p.skipChildren();
                    continue;
                }
                push(sub.name());
                if (p.currentToken() == JsonToken.START_ARRAY && !sub.multiValued()) {
                    throw ScimException.invalidValue(path() + " is single-valued; an array is not allowed");
                }
                JsonNode value = sub.multiValued() ? readAttribute(sub) : readSingle(sub);
                pop();
                if (value != null) {
                    object.set(sub.name(), value);
                }
            }
            return object.isEmpty() ? null : object;
        }

        private @Nullable JsonNode readSimple(AttributeDefinition attribute) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                throw ScimException.invalidValue(path() + " must be a " + attribute.type().keyword() + ", not "
                        + describe(token));
            }
            AttributeType type = attribute.type();
            switch (type) {
                case STRING, REFERENCE -> {
                    if (token == JsonToken.VALUE_STRING) {
                        return NODES.textNode(p.getText());
                    }
                    if (!strict && (token.isNumeric() || token.isBoolean())) {
                        return NODES.textNode(p.getText());
                    }
                }
                case BOOLEAN -> {
                    if (token.isBoolean()) {
                        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
                    }
                    if (!strict && token == JsonToken.VALUE_STRING) {
                        String text = p.getText().trim();
                        if (text.equalsIgnoreCase("true")) {
                            return NODES.booleanNode(true);
                        }
                        if (text.equalsIgnoreCase("false")) {
                            return NODES.booleanNode(false);
                        }
                    }
                }
                case INTEGER -> {
                    if (token == JsonToken.VALUE_NUMBER_INT) {
                        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            throw ScimException.invalidValue(path() + " is out of the 64-bit integer range");
                        }
                        return integer(p.getLongValue());
                    }
                    if (!strict && token == JsonToken.VALUE_STRING) {
                        try {
                            return integer(Long.parseLong(p.getText().trim()));
                        } catch (NumberFormatException e) {
                            // falls through to the error below
                        }
                    }
                }
                case DECIMAL -> {
                    if (token.isNumeric()) {
                        return NODES.numberNode(p.getDecimalValue());
                    }
                    if (!strict && token == JsonToken.VALUE_STRING) {
                        try {
                            return NODES.numberNode(new BigDecimal(p.getText().trim()));
                        } catch (NumberFormatException e) {
                            // falls through to the error below
                        }
                    }
                }
                case DATE_TIME -> {
                    if (token == JsonToken.VALUE_STRING) {
                        String text = p.getText();
                        try {
                            DateTimes.parse(text);
                            return NODES.textNode(text);
                        } catch (DateTimeParseException e) {
                            throw ScimException.invalidValue(path() + " must be an xsd:dateTime such as"
                                    + " 2008-01-23T04:56:22Z, not \"" + abbreviate(text) + "\"");
                        }
                    }
                }
                case BINARY -> {
                    if (token == JsonToken.VALUE_STRING) {
                        String text = p.getText();
                        if (!isBase64(text)) {
                            throw ScimException.invalidValue(path() + " must be base64-encoded binary");
                        }
                        return NODES.textNode(text);
                    }
                }
                case COMPLEX -> throw new IllegalStateException("complex handled by readComplex");
                default -> throw new IllegalStateException("unknown type " + type);
            }
            throw ScimException.invalidValue(path() + " must be a " + type.keyword() + ", not " + describe(token));
        }

        private void unknown(String path) throws IOException {
            if (strict) {
                throw ScimException.invalidValue(path + " is not an attribute of the resource's schemas");
            }
            p.skipChildren();
        }
    }

    private String canonicalUrn(ResourceTypeDefinition type, String urn) {
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

    /** An int node where the value fits, as Jackson's own tree reader makes, so that trees compare equal. */
    private static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    static boolean isBase64(String text) {
        int padding = 0;
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                padding++;
                count++;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '-' || c == '_') {
                if (padding > 0) {
                    return false;
                }
                count++;
            } else if (c != '\r' && c != '\n' && c != ' ') {
                return false;
            }
        }
        return padding <= 2 && (padding == 0 || count % 4 == 0);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Builds a {@link ResourceReader}. */
    public static final class Builder {
        private final SchemaRegistry registry;
        private boolean strict;
        private int maxNestingDepth = 64;

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

        /** Builds the reader. */
        public ResourceReader build() {
            return new ResourceReader(this);
        }
    }
}
