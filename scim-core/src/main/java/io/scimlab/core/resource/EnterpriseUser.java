package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.Valid;
import java.util.Optional;

/**
 * The enterprise User extension (RFC 7643 §4.3,
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User}).
 *
 * @param employeeNumber the number or code the organization gives the user
 * @param costCenter the user's cost center
 * @param organization the user's organization
 * @param division the user's division
 * @param department the user's department
 * @param manager the user's manager
 */
public record EnterpriseUser(Optional<String> employeeNumber, Optional<String> costCenter,
        Optional<String> organization, Optional<String> division, Optional<String> department,
        Optional<@Valid Manager> manager) {

    /** The extension with nothing set. */
    public static final EnterpriseUser EMPTY = new EnterpriseUser(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    static EnterpriseUser fromJson(JsonNode json) {
        JsonNode manager = Nodes.get(json, "manager");
        return new EnterpriseUser(Nodes.text(json, "employeeNumber"), Nodes.text(json, "costCenter"),
                Nodes.text(json, "organization"), Nodes.text(json, "division"), Nodes.text(json, "department"),
                manager.isObject() ? Optional.of(Manager.fromJson(manager)) : Optional.empty());
    }

    ObjectNode toJson() {
        ObjectNode json = Nodes.object();
        Nodes.put(json, "employeeNumber", employeeNumber);
        Nodes.put(json, "costCenter", costCenter);
        Nodes.put(json, "organization", organization);
        Nodes.put(json, "division", division);
        Nodes.put(json, "department", department);
        manager.ifPresent(m -> Nodes.putObject(json, "manager", m.toJson()));
        return json;
    }
}
