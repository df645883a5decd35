package io.scimlab.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.resource.ScimResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a PATCH or PUT changed, attribute by attribute: what a provider needs to turn a SCIM change into the
 * fewest calls to its backend. A request that changes nothing yields an empty change set.
 *
 * <p>Paths are canonical: core attributes by name, extension attributes as {@code urn:...:name}. The common
 * attributes {@code id} and {@code meta} never appear (a client cannot change them).
 *
 * @param changes one entry per changed top-level attribute, in the resource's attribute order
 */
public record ChangeSet(List<AttributeChange> changes) {
    /** The empty change set. */
    public static final ChangeSet EMPTY = new ChangeSet(List.of());

    /** Copies the list. */
    public ChangeSet {
        changes = List.copyOf(changes);
    }

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The change of one attribute.
     *
     * @param path the canonical path, e.g. {@code members} or {@code name}
     * @return the change, or empty when the attribute did not change
     */
    public Optional<AttributeChange> change(String path) {
        for (AttributeChange change : changes) {
            if (change.path().equalsIgnoreCase(path)) {
                return Optional.of(change);
            }
        }
        return Optional.empty();
    }

    /** The canonical paths of the changed attributes. */
    public Set<String> paths() {
        Set<String> paths = new LinkedHashSet<>();
        changes.forEach(c -> paths.add(c.path()));
        return paths;
    }

    /**
     * Applies the changes to the resource they were computed from.
     *
     * @param before the resource before the change
     * @return the resource after it
     */
    // container != json: identity on purpose, is the container the resource's root or an extension object in it.
    @SuppressWarnings("ReferenceEquality")
    public ScimResource applyTo(ScimResource before) {
        return before.edit(json -> {
            for (AttributeChange change : changes) {
                String path = change.path();
                ObjectNode container = json;
                String name = path;
                int colon = path.lastIndexOf(':');
                if (colon > 0) {
                    String urn = path.substring(0, colon);
                    name = path.substring(colon + 1);
                    container = json.has(urn) ? (ObjectNode) json.get(urn) : json.putObject(urn);
                }
                if (change.after().isPresent()) {
                    container.set(name, change.after().get().deepCopy());
                } else {
                    container.remove(name);
                }
                if (container != json && container.isEmpty()) {
                    json.remove(path.substring(0, colon));
                }
            }
        });
    }

    /**
     * Compares two versions of a resource.
     *
     * @param before the resource before
     * @param after the resource after
     * @return the changes, without {@code id}, {@code meta} and {@code schemas}
     */
    static ChangeSet between(JsonNode before, JsonNode after) {
        List<AttributeChange> changes = new ArrayList<>();
        compare(before, after, "", changes, true);
        return changes.isEmpty() ? EMPTY : new ChangeSet(changes);
    }

    private static void compare(JsonNode before, JsonNode after, String prefix, List<AttributeChange> changes,
            boolean top) {
        Set<String> seen = new HashSet<>();
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            seen.add(name);
            compareField(name, before.get(name), after.get(name), prefix, changes, top);
        }
        for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!seen.contains(name)) {
                compareField(name, null, after.get(name), prefix, changes, top);
            }
        }
    }

    // old == now: identity on purpose, before equals (see below).
    @SuppressWarnings("ReferenceEquality")
    private static void compareField(String name, @Nullable JsonNode old, @Nullable JsonNode now, String prefix,
            List<AttributeChange> changes, boolean top) {
        if (top && (name.equals("id") || name.equals("meta") || name.equals("schemas"))) {
            return;
        }
        if (top && name.startsWith("urn:")) {
            compare(old == null ? EMPTY_OBJECT : old,
                    now == null ? EMPTY_OBJECT : now, name + ":", changes, false);
            return;
        }
        if (old == now || (old != null && old.equals(now))) {
            return; // identity first: a patch shares untouched attributes with the resource it started from
        }
        Set<String> added = Set.of();
        Set<String> removed = Set.of();
        if ((old == null || old.isArray()) && (now == null || now.isArray())) {
            Set<String> oldValues = values(old);
            Set<String> newValues = values(now);
            if (!oldValues.isEmpty() || !newValues.isEmpty()) {
                added = new HashSet<>(newValues);
                added.removeAll(oldValues);
                removed = new HashSet<>(oldValues);
                removed.removeAll(newValues);
            }
        }
        changes.add(new AttributeChange(prefix + name, Optional.ofNullable(old), Optional.ofNullable(now), added,
                removed));
    }

    private static final ObjectNode EMPTY_OBJECT = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode();

    /** The {@code value} sub-attributes of a multi-valued complex attribute. */
    private static Set<String> values(@Nullable JsonNode array) {
        if (array == null) {
            return Set.of();
        }
        Set<String> values = new HashSet<>(array.size() * 2);
        for (JsonNode element : array) {
            JsonNode value = element.get("value");
            if (value != null && value.isValueNode()) {
                values.add(value.asText());
            }
        }
        return values;
    }
}
