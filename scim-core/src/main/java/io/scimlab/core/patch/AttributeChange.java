package io.scimlab.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What happened to one attribute: its value before and after, and for a multi-valued complex attribute with a
 * {@code value} sub-attribute (a group's {@code members}, a user's {@code emails}) the exact values added and
 * removed.
 *
 * @param path the attribute's canonical path: {@code displayName}, {@code members}, or URN-qualified for an
 *     extension attribute
 * @param before the value before, empty when it was unassigned
 * @param after the value after, empty when it is now unassigned
 * @param addedValues for multi-valued attributes, the {@code value}s that were not there before
 * @param removedValues for multi-valued attributes, the {@code value}s that are there no more
 */
public record AttributeChange(String path, Optional<JsonNode> before, Optional<JsonNode> after,
        Set<String> addedValues, Set<String> removedValues) {

    /** Checks the components and copies the sets. */
    public AttributeChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        addedValues = Set.copyOf(addedValues);
        removedValues = Set.copyOf(removedValues);
    }

    /** How the attribute changed. */
    public enum Kind {
        /** It was unassigned and now has a value. */
        ADDED,
        /** It had a value and is now unassigned. */
        REMOVED,
        /** It had a value and has another one now. */
        REPLACED
    }

    /** Whether it was added, removed or replaced. */
    public Kind kind() {
        if (before.isEmpty()) {
            return Kind.ADDED;
        }
        return after.isEmpty() ? Kind.REMOVED : Kind.REPLACED;
    }

    @Override
    public String toString() {
        return kind() + " " + path + (addedValues.isEmpty() ? "" : " +" + addedValues)
                + (removedValues.isEmpty() ? "" : " -" + removedValues);
    }
}
