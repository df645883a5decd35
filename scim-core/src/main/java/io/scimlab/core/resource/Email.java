package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One of a user's email addresses (RFC 7643 §4.1.2, {@code emails}).
 *
 * @param value the address
 * @param display a human-readable form
 * @param type its label: {@code work}, {@code home} or {@code other}
 * @param primary whether it is the user's preferred address
 */
public record Email(Optional<@jakarta.validation.constraints.Email String> value, Optional<String> display,
        Optional<String> type, boolean primary) {

    /**
     * An address with a type.
     *
     * @param value the address
     * @param type e.g. {@code work}
     * @param primary whether it is the preferred one
     * @return the email
     */
    public static Email of(String value, String type, boolean primary) {
        return new Email(Optional.of(value), Optional.empty(), Optional.of(type), primary);
    }

    static Email fromJson(JsonNode json) {
        return new Email(Nodes.text(json, "value"), Nodes.text(json, "display"), Nodes.text(json, "type"),
                Nodes.isTrue(json, "primary"));
    }

    ObjectNode toJson() {
        return LabeledValue.toJson(value, display, type, primary);
    }
}
