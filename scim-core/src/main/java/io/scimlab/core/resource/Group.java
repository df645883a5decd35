package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.schema.SchemaRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A SCIM Group (RFC 7643 §4.2): an immutable typed view of the generic {@link ScimResource}, with Jakarta
 * Validation constraints ({@link ResourceValidation#validate}).
 *

 * @param id the id the service provider gave the group
 * @param externalId the provisioning client's own identifier
 * @param meta the resource metadata
 * @param displayName the name of the group
 * @param members the members
 */
public record Group(
        Optional<String> id,
        Optional<String> externalId,
        Meta meta,
        @NotBlank String displayName,
        List<@Valid ResourceRef> members) {

    /** Checks that no component is null and copies the lists. */
    public Group {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(displayName, "displayName");
        members = List.copyOf(members);

    }

    /**
     * The typed view of a generic resource.
     *
     * @param resource a group resource; one not built by this library's readers or engines is read (and validated)
     *     by {@link ResourceReader#standard()} first
     * @return the typed view
     */
    public static Group fromResource(ScimResource resource) {
        JsonNode json = Nodes.canonical(resource, "Group");
        return new Group(
                Nodes.text(json, "id"),
                Nodes.text(json, "externalId"),
                resource.meta(),
                Nodes.text(json, "displayName").orElse(""),
                Nodes.list(json, "members", ResourceRef::fromJson));
    }

    /**
     * The generic form of this group.
     *
     * @return a new resource
     */
    public ScimResource toResource() {
        ObjectNode json = Nodes.object();
        json.putArray("schemas").add(SchemaRegistry.GROUP_SCHEMA);
        Nodes.put(json, "id", id);
        Nodes.put(json, "externalId", externalId);
        Nodes.putObject(json, "meta", meta.toJson());
        json.put("displayName", displayName);
        Nodes.putList(json, "members", members, ResourceRef::toJson);
        return ScimResource.wrap(json);
    }

    /**
     * A builder for a group.
     *
     * @return an empty builder
     */
    public static GroupBuilder builder() {
        return new GroupBuilder();
    }

    /** A builder holding this group's values. */
    public GroupBuilder toBuilder() {
        return new GroupBuilder(this);
    }
}
