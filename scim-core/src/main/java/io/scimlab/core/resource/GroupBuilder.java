package io.scimlab.core.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Builds a {@link Group}: {@link Group#builder()} or {@link Group#toBuilder()}. */
public final class GroupBuilder {
    private Optional<String> id = Optional.empty();
    private Optional<String> externalId = Optional.empty();
    private Meta meta = Meta.EMPTY;
    private String displayName = "";
    private List<ResourceRef> members = new ArrayList<>();

    GroupBuilder() {}

    GroupBuilder(Group from) {
        this.id = from.id();
        this.externalId = from.externalId();
        this.meta = from.meta();
        this.displayName = from.displayName();
        this.members = new ArrayList<>(from.members());
    }

    /**
     * Sets the id the service provider gave the group.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public GroupBuilder id(@Nullable String value) {
        this.id = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the provisioning client's own identifier.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public GroupBuilder externalId(@Nullable String value) {
        this.externalId = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the resource metadata.
     *
     * @param value the metadata
     * @return this builder
     */
    public GroupBuilder meta(Meta value) {
        this.meta = Objects.requireNonNull(value, "meta");
        return this;
    }

    /**
     * Sets the name of the group.
     *
     * @param value the value
     * @return this builder
     */
    public GroupBuilder displayName(String value) {
        this.displayName = Objects.requireNonNull(value, "displayName");
        return this;
    }

    /**
     * Sets the members.
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public GroupBuilder members(List<ResourceRef> values) {
        this.members = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of the members.
     *
     * @param value the value
     * @return this builder
     */
    public GroupBuilder addMember(ResourceRef value) {
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
