package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.schema.SchemaRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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

    private static Optional<JsonNode> object(JsonNode json, String name) {
        JsonNode value = Nodes.get(json, name);
        return value.isObject() ? Optional.of(value) : Optional.empty();
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
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this group's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.externalId = externalId;
        b.meta = meta;
        b.displayName = displayName;
        b.members = new ArrayList<>(members);
        return b;
    }

    /** Builds a {@link Group}. */
    public static final class Builder {
        private Optional<String> id = Optional.empty();
        private Optional<String> externalId = Optional.empty();
        private Meta meta = Meta.EMPTY;
        private String displayName = "";
        private List<ResourceRef> members = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the id the service provider gave the group.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder id(@Nullable String value) {
            this.id = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the provisioning client's own identifier.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder externalId(@Nullable String value) {
            this.externalId = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the resource metadata.
         *
         * @param value the metadata
         * @return this builder
         */
        public Builder meta(Meta value) {
            this.meta = Objects.requireNonNull(value, "meta");
            return this;
        }

        /**
         * Sets the name of the group.
         *
         * @param value the value
         * @return this builder
         */
        public Builder displayName(String value) {
            this.displayName = Objects.requireNonNull(value, "displayName");
            return this;
        }

        /**
         * Sets the members.
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder members(List<ResourceRef> values) {
            this.members = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of the members.
         *
         * @param value the value
         * @return this builder
         */
        public Builder addMember(ResourceRef value) {
            this.members.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the group (without validating it; see {@link ResourceValidation}).
         *
         * @return the group
         */
        public Group build() {
            return new Group(id, externalId, meta, displayName, members);
        }
    }
}
