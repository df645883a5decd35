package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.DateTimes;
import io.scimlab.core.internal.Excerpt;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code meta} attribute every resource carries (RFC 7643 §3.1), set by the service provider.
 *
 * @param resourceType the resource type's name, e.g. {@code User}
 * @param created when the resource was added
 * @param lastModified when the resource last changed
 * @param location the resource's URI
 * @param version the resource's version as an entity tag (e.g. {@code W/"3694e05e9dff590"})
 */
public record Meta(Optional<String> resourceType, Optional<Instant> created, Optional<Instant> lastModified,
        Optional<String> location, Optional<String> version) {

    /** Meta with nothing set. */
    public static final Meta EMPTY = new Meta(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /** Checks no component is null. */
    public Meta {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(version, "version");
    }

    /** Whether no member is set. */
    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /**
     * A copy with another version.
     *
     * @param newVersion the entity tag
     * @return the new meta
     */
    public Meta withVersion(String newVersion) {
        return new Meta(resourceType, created, lastModified, location, Optional.of(newVersion));
    }

    /**
     * A copy with another location.
     *
     * @param newLocation the resource's URI
     * @return the new meta
     */
    public Meta withLocation(String newLocation) {
        return new Meta(resourceType, created, lastModified, Optional.of(newLocation), version);
    }

    static Meta fromJson(JsonNode meta) {
        if (!meta.isObject()) {
            return EMPTY;
        }
        // Meta is read from any resource, canonical or not: look its members up ignoring case.
        return fromText(text(meta, "resourceType"), text(meta, "created"), text(meta, "lastModified"),
                text(meta, "location"), text(meta, "version"));
    }

    /** Meta from the text of its members, as the typed reader finds them (the dates still to be parsed). */
    static Meta fromText(Optional<String> resourceType, Optional<String> created, Optional<String> lastModified,
            Optional<String> location, Optional<String> version) {
        return new Meta(resourceType, instant("created", created), instant("lastModified", lastModified),
                location, version);
    }

    private static Optional<String> text(JsonNode meta, String name) {
        JsonNode value = ScimResource.member(meta, name);
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Optional<Instant> instant(String name, Optional<String> text) {
        try {
            return text.map(DateTimes::parse);
        } catch (DateTimeParseException e) {
            throw ScimException.invalidValue("meta." + name + " is not an xsd:dateTime: "
                    + Excerpt.of(text.orElse("")));
        }
    }

    ObjectNode toJson() {
        ObjectNode json = Nodes.object();
        Nodes.put(json, "resourceType", resourceType);
        Nodes.put(json, "created", created.map(DateTimes::format));
        Nodes.put(json, "lastModified", lastModified.map(DateTimes::format));
        Nodes.put(json, "location", location);
        Nodes.put(json, "version", version);
        return json;
    }
}
