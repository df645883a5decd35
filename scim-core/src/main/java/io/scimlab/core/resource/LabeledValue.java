package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A value of one of the multi-valued attributes that share the shape value / display / type / primary
 * (RFC 7643 §2.4): a user's {@code phoneNumbers}, {@code ims}, {@code photos}, {@code entitlements},
 * {@code roles} and {@code x509Certificates}.
 *
 * @param value the value (a phone number, an address, a URL, base64 bytes...)
 * @param display a human-readable form
 * @param type its label, e.g. {@code work}, {@code mobile}, {@code xmpp}, {@code thumbnail}
 * @param primary whether it is the preferred value of its attribute
 */
public record LabeledValue(Optional<String> value, Optional<String> display, Optional<String> type,
        boolean primary) {

    /**
     * A value with a type.
     *
     * @param value the value
     * @param type its label
     * @return the labeled value
     */
    public static LabeledValue of(String value, String type) {
        return new LabeledValue(Optional.of(value), Optional.empty(), Optional.of(type), false);
    }

    static LabeledValue fromJson(JsonNode json) {
        return new LabeledValue(Nodes.text(json, "value"), Nodes.text(json, "display"), Nodes.text(json, "type"),
                Nodes.isTrue(json, "primary"));
    }

    ObjectNode toJson() {
        return toJson(value, display, type, primary);
    }

    static ObjectNode toJson(Optional<String> value, Optional<String> display, Optional<String> type,
            boolean primary) {
        ObjectNode json = Nodes.object();
        Nodes.put(json, "value", value);
        Nodes.put(json, "display", display);
        Nodes.put(json, "type", type);
        Nodes.putTrue(json, "primary", primary);
        return json;
    }

    static long countPrimary(java.util.List<LabeledValue> values) {
        return values.stream().filter(LabeledValue::primary).count();
    }
}
