package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.Access;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A SCIM resource in its generic, schema-aware form: the form the filter, PATCH and server engines work on.
 *
 * <p>A resource is an immutable JSON object. Core attributes sit at the top level, extension attributes
 * under their schema URN (RFC 7643 §3.3). Resources read by {@link ResourceReader} carry every attribute
 * name in the case its schema spells it; lookups through {@link #get(String)} are case-insensitive in any
 * case, as RFC 7643 §2.1 requires. Copying a resource is free (it is immutable); changes go through
 * {@link #edit(Consumer)}, which works on a copy.
 *
 * <p>{@link #toJson()} gives a copy of the JSON, free to modify; {@link #get(String)} reads values in place.
 * (ScimLab's own engines reach the backing tree without copying through an internal accessor.)
 */
public final class ScimResource {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static {
        Access.setResources(new ResourceInternals());
    }

    private final ObjectNode json;
    /** Whether every attribute name is spelled as its schema spells it (so exact lookups find it). */
    private final boolean canonical;

    private ScimResource(ObjectNode json, boolean canonical) {
        this.json = json;
        this.canonical = canonical;
    }

    /**
     * Wraps a copy of a JSON object, as it is (no schema validation: use {@link ResourceReader} for input
     * from clients).
     *
     * @param json the resource JSON
     * @return the resource
     */
    public static ScimResource of(ObjectNode json) {
        return new ScimResource(json.deepCopy(), false);
    }

    /**
     * Wraps a JSON object in canonical form without copying it; the caller hands over ownership and must not
     * modify it again. Used by the readers and engines of this library (other packages through
     * {@link Access#wrap}), which build a fresh tree for each resource with every attribute name spelled as its
     * schema spells it (the typed views rely on that).
     */
    static ScimResource wrap(ObjectNode json) {
        return new ScimResource(Objects.requireNonNull(json, "json"), true);
    }

    /** Whether the resource was built in canonical form (by a reader or an engine of this library). */
    boolean isCanonical() {
        return canonical;
    }

    /**
     * A resource with the given schema URNs and nothing else.
     *
     * @param schemas the core schema URN first, then any extension URNs
     * @return the resource
     */
    public static ScimResource empty(String... schemas) {
        ObjectNode json = JSON.objectNode();
        ArrayNode array = json.putArray("schemas");
        for (String schema : schemas) {
            array.add(schema);
        }
        return new ScimResource(json, true);
    }

    /** The backing JSON tree, not copied. Read-only: modifying it breaks the resource's immutability. */
    JsonNode asJson() {
        return json;
    }

    /** A deep copy of the resource's JSON, free to modify. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    /**
     * A copy of this resource changed by an editor working on a copy of the JSON.
     *
     * @param editor changes the copy
     * @return the changed resource; this one is unchanged
     */
    public ScimResource edit(Consumer<ObjectNode> editor) {
        ObjectNode copy = json.deepCopy();
        editor.accept(copy);
        return new ScimResource(copy, false);
    }

    /** The {@code schemas} URNs, in order. */
    public List<String> schemas() {
        JsonNode node = get("schemas");
        List<String> list = new ArrayList<>(node.size());
        for (JsonNode urn : node) {
            list.add(urn.asText());
        }
        return list;
    }

    /** The {@code id}, or null before the server assigns one. */
    public @Nullable String id() {
        return text(get("id"));
    }

    /** The {@code externalId}, or null. */
    public @Nullable String externalId() {
        return text(get("externalId"));
    }

    /**
     * The {@code meta} attribute.
     *
     * @return the meta, {@link Meta#EMPTY} when absent
     * @throws ScimException 400 {@code invalidValue} when a date is not an xsd:dateTime
     */
    public Meta meta() {
        return Meta.fromJson(get("meta"));
    }

    /**
     * The value at a path: {@code attr}, {@code attr.sub} (for a multi-valued complex attribute, an array of the
     * sub-attribute's values), or a URN-qualified {@code urn:...:attr[.sub]}, or an extension URN alone for the
     * whole extension object. Names match case-insensitively.
     *
     * <p>The value is the resource's own (not copied, so that reading a 100,000-member group costs nothing):
     * read it, never modify it; {@link #toJson()} gives a copy to change.
     *
     * @param path the attribute path
     * @return the value, or a missing node when the resource has none
     */
    public JsonNode get(String path) {
        if (path.regionMatches(true, 0, "urn:", 0, 4)) {
            return getQualified(path);
        }
        int dot = path.indexOf('.');
        if (dot < 0) {
            return member(json, path);
        }
        return subValues(member(json, path.substring(0, dot)), path.substring(dot + 1));
    }

    /** Whether the resource has a value (not null, not empty) at the path. */
    public boolean has(String path) {
        return isAssigned(get(path));
    }

    private JsonNode getQualified(String path) {
        // The extension key is the longest top-level "urn:" member that the path starts with.
        String bestKey = null;
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.regionMatches(true, 0, "urn:", 0, 4) && path.regionMatches(true, 0, key, 0, key.length())
                    && (path.length() == key.length() || path.charAt(key.length()) == ':')
                    && (bestKey == null || key.length() > bestKey.length())) {
                bestKey = key;
            }
        }
        if (bestKey == null) {
            // A core attribute qualified with the core schema URN, e.g. urn:...:core:2.0:User:userName.
            int colon = path.lastIndexOf(':');
            String core = path.substring(0, colon);
            if (schemas().stream().anyMatch(s -> s.equalsIgnoreCase(core))) {
                return get(path.substring(colon + 1));
            }
            return MissingNode.getInstance();
        }
        JsonNode extension = json.get(bestKey);
        if (path.length() == bestKey.length()) {
            return extension;
        }
        String rest = path.substring(bestKey.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? member(extension, rest)
                : subValues(member(extension, rest.substring(0, dot)), rest.substring(dot + 1));
    }

    private static JsonNode subValues(JsonNode parent, String sub) {
        if (parent.isArray()) {
            ArrayNode values = JSON.arrayNode();
            for (JsonNode element : parent) {
                JsonNode value = member(element, sub);
                if (!value.isMissingNode() && !value.isNull()) {
                    values.add(value);
                }
            }
            return values.isEmpty() ? MissingNode.getInstance() : values;
        }
        return member(parent, sub);
    }

    /**
     * A member of a JSON object by name, ignoring case (exact case is tried first, as it is the usual one).
     *
     * @param object a JSON object (anything else has no members)
     * @param name the member name in any case
     * @return the member's value, or a missing node
     */
    public static JsonNode member(JsonNode object, String name) {
        if (!object.isObject()) {
            return MissingNode.getInstance();
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return MissingNode.getInstance();
    }

    /**
     * Whether a JSON value counts as assigned (RFC 7643 §2.5: null, an empty array and an empty object are
     * unassigned).
     *
     * @param value a value
     * @return false for missing, null, empty arrays and empty objects
     */
    public static boolean isAssigned(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        return !value.isContainerNode() || !value.isEmpty();
    }

    private static @Nullable String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScimResource other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    /** The JSON text; a password, if one was set, is masked. */
    @Override
    public String toString() {
        if (json.has("password")) {
            ObjectNode masked = json.deepCopy();
            masked.put("password", "****");
            return masked.toString();
        }
        return json.toString();
    }
}
