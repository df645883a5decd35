package io.scimlab.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.schema.AttributeDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The set semantics of multi-valued attributes under PATCH (RFC 7644 §3.5.2, RFC 7643 §2.4): appending without
 * duplicates, removing by {@code value} in one pass, at most one {@code primary}, and no empty elements or arrays
 * left behind. Values compare case-insensitively unless the {@code value} sub-attribute is {@code caseExact}.
 */
final class MultiValued {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MultiValued() {}

    /** Appends values, merging an element into an existing one with the same "value" sub-attribute. */
    static void append(ObjectNode container, AttributeDefinition attribute, ArrayNode values) {
        String name = attribute.name();
        ArrayNode array = container.get(name) instanceof ArrayNode a ? a : container.putArray(name);
        List<ObjectNode> touched = new ArrayList<>();
        if (attribute.isComplex() && attribute.subAttribute("value") != null) {
            boolean caseExact = attribute.subAttribute("value").caseExact();
            Map<String, ObjectNode> byValue = new HashMap<>(array.size() * 2);
            for (JsonNode element : array) {
                JsonNode v = element.get("value");
                if (v != null && element instanceof ObjectNode o) {
                    byValue.putIfAbsent(key(v.asText(), caseExact), o);
                }
            }
            for (JsonNode element : values) {
                ObjectNode incoming = (ObjectNode) element;
                JsonNode v = incoming.get("value");
                ObjectNode existing = v == null ? null : byValue.get(key(v.asText(), caseExact));
                if (existing != null) {
                    existing.setAll(incoming);
                    touched.add(existing);
                } else if (!contains(array, incoming)) {
                    array.add(incoming);
                    touched.add(incoming);
                    if (v != null) {
                        byValue.put(key(v.asText(), caseExact), incoming);
                    }
                }
            }
        } else {
            Set<JsonNode> present = new HashSet<>();
            array.forEach(present::add);
            for (JsonNode element : values) {
                if (present.add(element)) {
                    array.add(element);
                    if (element instanceof ObjectNode o) {
                        touched.add(o);
                    }
                }
            }
        }
        normalisePrimary(array, touched);
    }

    static boolean contains(ArrayNode array, JsonNode element) {
        // Only reached for elements without a "value"; such lists are short (addresses).
        for (JsonNode e : array) {
            if (e.equals(element)) {
                return true;
            }
        }
        return false;
    }

    static void removeValues(ObjectNode container, String name, Set<String> doomed, boolean caseExact) {
        if (!(container.get(name) instanceof ArrayNode array)) {
            return;
        }
        ArrayNode kept = NODES.arrayNode(array.size());
        for (JsonNode element : array) {
            JsonNode v = element.get("value");
            if (v == null || !doomed.contains(key(v.asText(), caseExact))) {
                kept.add(element);
            }
        }
        setOrRemove(container, name, kept);
    }

    /** When a touched element became primary, the others stop being primary (RFC 7643 §2.4). */
    // element != primary: identity on purpose, every element but that one node (another may be equal to it).
    @SuppressWarnings("ReferenceEquality")
    static void normalisePrimary(ArrayNode array, List<ObjectNode> touched) {
        ObjectNode primary = null;
        for (ObjectNode element : touched) {
            if (element.path("primary").asBoolean(false)) {
                primary = element;
            }
        }
        if (primary == null && touched.isEmpty()) {
            for (JsonNode element : array) {
                if (element.path("primary").asBoolean(false)) {
                    primary = (ObjectNode) element;
                }
            }
        }
        if (primary == null) {
            return;
        }
        for (JsonNode element : array) {
            if (element != primary && element instanceof ObjectNode o && o.path("primary").asBoolean(false)) {
                o.remove("primary");
            }
        }
    }

    static void dropEmptyElements(ObjectNode container, String name, ArrayNode array) {
        boolean anyEmpty = false;
        for (JsonNode e : array) {
            anyEmpty |= e.isEmpty();
        }
        if (!anyEmpty) {
            return;
        }
        ArrayNode kept = NODES.arrayNode(array.size());
        array.forEach(e -> {
            if (!e.isEmpty()) {
                kept.add(e);
            }
        });
        setOrRemove(container, name, kept);
    }

    static void setOrRemove(ObjectNode container, String name, ArrayNode array) {
        if (array.isEmpty()) {
            container.remove(name);
        } else {
            container.set(name, array);
        }
    }

    static String key(String value, boolean caseExact) {
        return caseExact ? value : value.toLowerCase(Locale.ROOT);
    }
}
