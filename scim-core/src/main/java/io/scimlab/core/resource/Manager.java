package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A user's manager in the enterprise extension (RFC 7643 §4.3, {@code manager}).
 *
 * @param value the id of the manager's User resource
 * @param ref the URI of the manager's User resource ({@code $ref})
 * @param displayName the manager's display name (set by the service provider)
 */
public record Manager(Optional<String> value, Optional<String> ref, Optional<String> displayName) {

    /**
     * A manager by id.
     *
     * @param value the manager's User id
     * @return the manager
     */
    public static Manager of(String value) {
        return new Manager(Optional.of(value), Optional.empty(), Optional.empty());
    }

    static Manager fromJson(JsonNode json) {
        return new Manager(Nodes.text(json, "value"), Nodes.text(json, "$ref"), Nodes.text(json, "displayName"));
    }

    ObjectNode toJson() {
        ObjectNode json = Nodes.object();
        Nodes.put(json, "value", value);
        Nodes.put(json, "$ref", ref);
        Nodes.put(json, "displayName", displayName);
        return json;
    }
}
