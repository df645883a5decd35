package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A physical mailing address of a user (RFC 7643 §4.1.2, {@code addresses}).
 *
 * @param formatted the whole address for display
 * @param streetAddress street, house number and further lines
 * @param locality city or locality
 * @param region state or region
 * @param postalCode postal or ZIP code
 * @param country ISO 3166-1 alpha-2 country code
 * @param type its label: {@code work}, {@code home} or {@code other}
 * @param primary whether it is the preferred address
 */
public record Address(Optional<String> formatted, Optional<String> streetAddress, Optional<String> locality,
        Optional<String> region, Optional<String> postalCode, Optional<String> country, Optional<String> type,
        boolean primary) {

    static Address fromJson(JsonNode json) {
        return new Address(Nodes.text(json, "formatted"), Nodes.text(json, "streetAddress"),
                Nodes.text(json, "locality"), Nodes.text(json, "region"), Nodes.text(json, "postalCode"),
                Nodes.text(json, "country"), Nodes.text(json, "type"), Nodes.isTrue(json, "primary"));
    }

    ObjectNode toJson() {
        ObjectNode json = Nodes.object();
        Nodes.put(json, "formatted", formatted);
        Nodes.put(json, "streetAddress", streetAddress);
        Nodes.put(json, "locality", locality);
        Nodes.put(json, "region", region);
        Nodes.put(json, "postalCode", postalCode);
        Nodes.put(json, "country", country);
        Nodes.put(json, "type", type);
        Nodes.putTrue(json, "primary", primary);
        return json;
    }
}
