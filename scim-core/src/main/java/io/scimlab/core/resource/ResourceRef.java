package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.NotBlank;
import java.util.Optional;

/**
 * A reference to another resource: a group's {@code members} entry (RFC 7643 §4.2) or a user's {@code groups}
 * entry (§4.1.2).
 *
 * @param value the id of the referenced resource
 * @param ref its URI ({@code $ref})
 * @param display its display name
 * @param type for members, {@code User} or {@code Group}; for a user's groups, {@code direct} or {@code indirect}
 */
public record ResourceRef(@NotBlank String value, Optional<String> ref, Optional<String> display,
        Optional<String> type) {

    /**
     * A reference by id only.
     *
     * @param value the referenced resource's id
     * @return the reference
     */
    public static ResourceRef of(String value) {
        return new ResourceRef(value, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static ResourceRef fromJson(JsonNode json) {
        return new ResourceRef(Nodes.text(json, "value").orElse(""), Nodes.text(json, "$ref"),
                Nodes.text(json, "display"), Nodes.text(json, "type"));
    }

    ObjectNode toJson() {
        ObjectNode json = Nodes.object();
        json.put("value", value);
        Nodes.put(json, "$ref", ref);
        Nodes.put(json, "display", display);
        Nodes.put(json, "type", type);
        return json;
    }
}
