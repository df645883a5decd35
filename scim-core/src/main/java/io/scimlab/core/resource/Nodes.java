package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Small JSON helpers shared by the typed views' conversions to and from the generic form. */
final class Nodes {
    private static final JsonNodeFactory FACTORY = JsonNodeFactory.instance;

    private Nodes() {}

    static ObjectNode object() {
        return FACTORY.objectNode();
    }

    /** The member by its canonical name (typed views read canonical resources only; see {@link #canonical}). */
    static JsonNode get(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null ? MissingNode.getInstance() : value;
    }

    /**
     * The resource in canonical form: itself when a reader or engine built it, else read again (and so
     * validated) by the standard reader.
     */
    static JsonNode canonical(ScimResource resource, String resourceType) {
        if (resource.isCanonical()) {
            return resource.asJson();
        }
        ResourceReader reader = ResourceReader.standard();
        return reader.read(resource.asJson(), reader.registry().requireResourceType(resourceType)).asJson();
    }

    static Optional<String> text(JsonNode object, String name) {
        JsonNode value = get(object, name);
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }

    static Optional<Boolean> bool(JsonNode object, String name) {
        JsonNode value = get(object, name);
        return value.isBoolean() ? Optional.of(value.booleanValue()) : Optional.empty();
    }

    static boolean isTrue(JsonNode object, String name) {
        return get(object, name).asBoolean(false);
    }

    static <T> List<T> list(JsonNode object, String name, Function<JsonNode, T> reader) {
        JsonNode array = get(object, name);
        if (!array.isArray() || array.isEmpty()) {
            return List.of();
        }
        List<T> list = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            list.add(reader.apply(element));
        }
        return List.copyOf(list);
    }

    static void put(ObjectNode json, String name, Optional<String> value) {
        value.ifPresent(v -> json.put(name, v));
    }

    static void putTrue(ObjectNode json, String name, boolean value) {
        if (value) {
            json.put(name, true);
        }
    }

    static <T> void putList(ObjectNode json, String name, List<T> values, Function<T, ObjectNode> writer) {
        if (values.isEmpty()) {
            return;
        }
        ArrayNode array = json.putArray(name);
        for (T value : values) {
            array.add(writer.apply(value));
        }
    }

    static void putObject(ObjectNode json, String name, ObjectNode value) {
        if (!value.isEmpty()) {
            json.set(name, value);
        }
    }
}
