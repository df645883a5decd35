package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * <p>Immutable and thread-safe.
 */
public final class ResourceWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

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
     * The JSON a response carries for a resource.
     *
     * @param resource the resource
     * @param type its resource type
     * @param projection the attributes asked for
     * @return a new JSON object
     */
    public ObjectNode write(ScimResource resource, ResourceTypeDefinition type, Projection projection) {
        JsonNode source = resource.asJson();
        Schema core = Objects.requireNonNull(registry.schema(type.schema()), type.schema());
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("schemas")) {
                out.set(name, value.deepCopy());
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
        return out;
    }

    /**
     * Writes a resource as UTF-8 JSON bytes.
     *
     * @param resource the resource
     * @param type its resource type
     * @param projection the attributes asked for
     * @return the JSON
     */
    public byte[] writeBytes(ScimResource resource, ResourceTypeDefinition type, Projection projection) {
        return toBytes(write(resource, type, projection));
    }

    /**
     * Serialises a JSON tree to UTF-8 bytes.
     *
     * @param json the tree
     * @return the bytes
     */
    public static byte[] toBytes(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a JSON tree to a generator (for streaming list responses).
     *
     * @param json the tree
     * @param generator the generator
     * @throws IOException when the generator's target fails
     */
    public static void writeTo(JsonNode json, JsonGenerator generator) throws IOException {
        MAPPER.writeTree(generator, json);
    }

    private void writeExtension(ObjectNode out, String urn, JsonNode value, ResourceTypeDefinition type,
            Projection projection) {
        Schema schema = type.allowsSchema(urn) ? registry.schema(urn) : null;
        if (schema == null || !value.isObject()) {
            return;
        }
        ObjectNode extension = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition attribute = schema.attribute(field.getKey());
            if (attribute != null) {
                writeAttribute(extension, schema.id() + ":" + attribute.name(), attribute, schema.id(),
                        field.getValue(), projection);
            }
        }
        if (!extension.isEmpty()) {
            out.set(schema.id(), extension);
        }
    }

    private static void writeAttribute(ObjectNode out, String key, AttributeDefinition attribute,
            @Nullable String extensionUrn, JsonNode value, Projection projection) {
        if (!projection.includes(key, extensionUrn, attribute)) {
            return;
        }
        String name = attribute.name();
        if (!attribute.isComplex()) {
            out.set(name, value.deepCopy());
        } else if (value.isArray()) {
            ArrayNode array = NODES.arrayNode(value.size());
            for (JsonNode element : value) {
                ObjectNode written = writeComplex(key, attribute, element, projection);
                if (!written.isEmpty()) {
                    array.add(written);
                }
            }
            if (!array.isEmpty()) {
                out.set(name, array);
            }
        } else {
            ObjectNode written = writeComplex(key, attribute, value, projection);
            if (!written.isEmpty()) {
                out.set(name, written);
            }
        }
    }

    private static ObjectNode writeComplex(String key, AttributeDefinition attribute, JsonNode value,
            Projection projection) {
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition sub = attribute.subAttribute(field.getKey());
            if (sub != null && projection.includesSub(key, attribute, sub)) {
                out.set(sub.name(), field.getValue().deepCopy());
            }
        }
        return out;
    }
}
