package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.schema.AttributeDefinition;
import java.io.IOException;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Reads attribute values into canonical JSON trees by the {@link ValueRules}: what {@link ResourceReader} builds
 * resources of, and what the typed reader validates attributes with that its records do not hold.
 */
final class TreeValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TreeValues() {}

    /** Reads the value at the current token for the attribute at the cursor's path; null when unassigned. */
    static @Nullable JsonNode readAttribute(ReadCursor c, AttributeDefinition attribute) throws IOException {
        if (c.p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!ValueRules.isArray(c, attribute)) {
            JsonNode single = readSingle(c, attribute);
            return single == null || !attribute.multiValued() ? single : NODES.arrayNode().add(single);
        }
        ArrayNode array = NODES.arrayNode();
        int index = 0;
        while (c.p.nextToken() != JsonToken.END_ARRAY) {
            c.push(index);
            ValueRules.checkElement(c);
            JsonNode element = readSingle(c, attribute);
            if (element != null) {
                array.add(element);
            }
            c.pop();
            index++;
        }
        return array.isEmpty() ? null : array;
    }

    /** Reads one value (an element of a multi-valued attribute, or a single value); null when unassigned. */
    static @Nullable JsonNode readSingle(ReadCursor c, AttributeDefinition attribute) throws IOException {
        if (c.p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        return attribute.isComplex() ? readComplex(c, attribute) : node(ValueRules.simple(c, attribute));
    }

    private static @Nullable JsonNode readComplex(ReadCursor c, AttributeDefinition attribute) throws IOException {
        if (c.p.currentToken() != JsonToken.START_OBJECT) {
            AttributeDefinition valueSub = ValueRules.bareValue(c, attribute);
            c.push("value");
            JsonNode value = node(ValueRules.simple(c, valueSub));
            c.pop();
            return NODES.objectNode().set("value", value);
        }
        ObjectNode object = NODES.objectNode();
        while (c.p.nextToken() == JsonToken.FIELD_NAME) {
            String name = c.p.currentName();
            c.p.nextToken();
            AttributeDefinition sub = attribute.subAttribute(name);
            if (!ValueRules.keepSub(c, attribute, sub, name) || sub == null) { // false for a null sub
                continue;
            }
            c.push(sub.name());
            JsonNode value = readAttribute(c, sub);
            c.pop();
            if (value != null) {
                object.set(sub.name(), value);
            }
        }
        return object.isEmpty() ? null : object;
    }

    /** The tree node of a value {@link ValueRules#simple} accepted. */
    static JsonNode node(Object value) {
        if (value instanceof String text) {
            return NODES.textNode(text);
        } else if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        } else if (value instanceof Long number) {
            // An int node where the value fits, as Jackson's own tree reader makes, so that trees compare equal.
            long v = number;
            return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
        }
        return NODES.numberNode((BigDecimal) value);
    }
}
