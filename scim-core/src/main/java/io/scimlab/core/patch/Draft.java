package io.scimlab.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The resource being patched: a shallow copy of the original whose attributes are deep-copied the first time an
 * operation touches them ({@link #own}), so untouched attributes stay shared (and immutable) with the original.
 */
record Draft(ObjectNode root, Set<JsonNode> owned) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Draft of(JsonNode original) {
        ObjectNode root = NODES.objectNode();
        root.setAll((ObjectNode) original);
        return new Draft(root, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** Makes the container's attribute safe to change in place. */
    void own(ObjectNode container, String name) {
        JsonNode current = container.get(name);
        if (current != null && current.isContainerNode() && !owned.contains(current)) {
            JsonNode copy = current.deepCopy();
            container.set(name, copy);
            owned.add(copy);
        }
    }

    /** The extension object, owned (shallow-copied) by the draft, or null when absent and not created. */
    @Nullable ObjectNode extension(String urn, boolean create) {
        JsonNode node = root.get(urn);
        if (node instanceof ObjectNode object) {
            if (owned.contains(object)) {
                return object;
            }
            ObjectNode copy = NODES.objectNode();
            copy.setAll(object);
            root.set(urn, copy);
            owned.add(copy);
            return copy;
        }
        if (!create) {
            return null;
        }
        ObjectNode created = root.putObject(urn);
        owned.add(created);
        return created;
    }
}
