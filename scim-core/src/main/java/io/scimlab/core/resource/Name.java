package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The components of a user's real name (RFC 7643 §4.1.1, {@code name}).
 *
 * @param formatted the whole name, formatted for display
 * @param familyName the family (last) name
 * @param givenName the given (first) name
 * @param middleName the middle name or names
 * @param honorificPrefix a title before the name, such as {@code Ms.}
 * @param honorificSuffix a suffix after the name, such as {@code III}
 */
public record Name(Optional<String> formatted, Optional<String> familyName, Optional<String> givenName,
        Optional<String> middleName, Optional<String> honorificPrefix, Optional<String> honorificSuffix) {

    /**
     * A name of given and family name only.
     *
     * @param givenName the given name
     * @param familyName the family name
     * @return the name
     */
    public static Name of(String givenName, String familyName) {
        return new Name(Optional.empty(), Optional.of(familyName), Optional.of(givenName), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static Name fromJson(JsonNode json) {
        return new Name(Nodes.text(json, "formatted"), Nodes.text(json, "familyName"), Nodes.text(json, "givenName"),
                Nodes.text(json, "middleName"), Nodes.text(json, "honorificPrefix"),
                Nodes.text(json, "honorificSuffix"));
    }

    ObjectNode toJson() {
        ObjectNode json = Nodes.object();
        Nodes.put(json, "formatted", formatted);
        Nodes.put(json, "familyName", familyName);
        Nodes.put(json, "givenName", givenName);
        Nodes.put(json, "middleName", middleName);
        Nodes.put(json, "honorificPrefix", honorificPrefix);
        Nodes.put(json, "honorificSuffix", honorificSuffix);
        return json;
    }
}
