package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.scimlab.core.internal.Json;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes resources for responses, applying the {@code returned} characteristic of every attribute and a
 * {@link Projection}: a password ({@code returned: never}) never leaves, {@code id} and {@code schemas} always
 * do, attributes returned on request only when asked for.
 *
 * <p>Writing streams straight from the resource to a Jackson {@link JsonGenerator}, with no intermediate tree.
 * Immutable and thread-safe.
 */
public final class ResourceWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final SchemaRegistry registry;

    private ResourceWriter(SchemaRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * A writer for the resource types of a registry.
     *
     * @param registry the schemas
     * @return the writer
     */
    public static ResourceWriter of(SchemaRegistry registry) {
        return new ResourceWriter(registry);
    }

    /**
     * The JSON a response carries for a resource, as a tree.
     *
     * @param resource the resource
     * @param type its resource type
     * @param projection the attributes asked for
     * @return a new JSON object
     */
    public ObjectNode write(ScimResource resource, ResourceTypeDefinition type, Projection projection) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            writeTo(resource, type, projection, buffer);
            return MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JSON a response carries for a resource, as UTF-8 bytes.
     *
     * @param resource the resource
     * @param type its resource type
     * @param projection the attributes asked for
     * @return the JSON
     */
    public byte[] writeBytes(ScimResource resource, ResourceTypeDefinition type, Projection projection) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(JSON._getBufferRecycler(), 2000);
                JsonGenerator generator = JSON.createGenerator(bytes)) {
            writeTo(resource, type, projection, generator);
            generator.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JSON a response carries for a resource, as a string.
     *
     * @param resource the resource
     * @param type its resource type
     * @param projection the attributes asked for
     * @return the JSON text
     */
    public String writeString(ScimResource resource, ResourceTypeDefinition type, Projection projection) {
        try (SegmentedStringWriter text = new SegmentedStringWriter(JSON._getBufferRecycler());
                JsonGenerator generator = JSON.createGenerator(text)) {
            writeTo(resource, type, projection, generator);
            generator.flush();
            return text.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the JSON a response carries for a resource to a generator (for streaming list responses).
     *
     * @param resource the resource
     * @param type its resource type
     * @param projection the attributes asked for
     * @param out the generator
     * @throws IOException when the generator's target fails
     */
    public void writeTo(ScimResource resource, ResourceTypeDefinition type, Projection projection,
            JsonGenerator out) throws IOException {
        JsonNode source = resource.asJson();
        Schema core = Objects.requireNonNull(registry.schema(type.schema()), type.schema());
        out.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = source.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("schemas")) {
                out.writeFieldName(name);
                writeNode(out, value);
            } else if (name.regionMatches(true, 0, "urn:", 0, 4)) {
                writeExtension(out, name, value, type, projection);
            } else {
                AttributeDefinition attribute = core.attribute(name);
                if (attribute == null) {
                    attribute = registry.commonAttributes().attribute(name);
                }
                if (attribute != null) {
                    writeAttribute(out, attribute.name(), attribute, null, value, projection);
                }
            }
        }
        out.writeEndObject();
    }

    private void writeExtension(JsonGenerator out, String urn, JsonNode value, ResourceTypeDefinition type,
            Projection projection) throws IOException {
        Schema schema = type.allowsSchema(urn) ? registry.schema(urn) : null;
        if (schema == null || !value.isObject()) {
            return;
        }
        boolean started = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition attribute = schema.attribute(field.getKey());
            if (attribute == null) {
                continue;
            }
            String key = schema.id() + ":" + attribute.name();
            if (!projection.includes(key, schema.id(), attribute)) {
                continue;
            }
            if (!started) {
                out.writeObjectFieldStart(schema.id());
                started = true;
            }
            writeAttribute(out, key, attribute, schema.id(), field.getValue(), projection);
        }
        if (started) {
            out.writeEndObject();
        }
    }

    private static void writeAttribute(JsonGenerator out, String key, AttributeDefinition attribute,
            @Nullable String extensionUrn, JsonNode value, Projection projection) throws IOException {
        if (!projection.includes(key, extensionUrn, attribute)) {
            return;
        }
        if (!attribute.isComplex() || projection.includesAllSubs(key, attribute)) {
            out.writeFieldName(attribute.name());
            writeNode(out, value);
        } else if (value.isArray()) {
            boolean started = false;
            for (JsonNode element : value) {
                if (hasIncludedSub(key, attribute, element, projection)) {
                    if (!started) {
                        out.writeArrayFieldStart(attribute.name());
                        started = true;
                    }
                    writeComplex(out, key, attribute, element, projection);
                }
            }
            if (started) {
                out.writeEndArray();
            }
        } else if (hasIncludedSub(key, attribute, value, projection)) {
            out.writeFieldName(attribute.name());
            writeComplex(out, key, attribute, value, projection);
        }
    }

    /** Whether a complex value keeps any sub-attribute under the projection (an empty object is not written). */
    private static boolean hasIncludedSub(String key, AttributeDefinition attribute, JsonNode value,
            Projection projection) {
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            AttributeDefinition sub = attribute.subAttribute(it.next());
            if (sub != null && projection.includesSub(key, attribute, sub)) {
                return true;
            }
        }
        return false;
    }

    private static void writeComplex(JsonGenerator out, String key, AttributeDefinition attribute, JsonNode value,
            Projection projection) throws IOException {
        out.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition sub = attribute.subAttribute(field.getKey());
            if (sub != null && projection.includesSub(key, attribute, sub)) {
                out.writeFieldName(sub.name());
                writeNode(out, field.getValue());
            }
        }
        out.writeEndObject();
    }

    /**
     * Writes a JSON tree as Jackson's own node serialisers would, without {@code ObjectMapper.writeTree}, which
     * sets up a serializer provider on every call: more than writing a whole attribute value costs.
     */
    static void writeNode(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    out.writeFieldName(field.getKey());
                    writeNode(out, field.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    writeNode(out, element);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> out.writeNumber(node.intValue());
                    case LONG -> out.writeNumber(node.longValue());
                    case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
                    case FLOAT -> out.writeNumber(node.floatValue());
                    case DOUBLE -> out.writeNumber(node.doubleValue());
                    default -> out.writeNumber(node.decimalValue());
                }
            }
            // Binary, POJO and missing nodes do not occur in resources; Jackson knows how to write them.
            default -> MAPPER.writeTree(out, node);
        }
    }
}
