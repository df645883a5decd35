package io.scimlab.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.filter.PatchPath;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation of a PATCH request.
 *
 * @param op what to do
 * @param path where, or empty for an operation whose value is an object of attributes
 * @param value the value, as the client sent it (checked against the schema when applied)
 */
public record PatchOperation(PatchOp op, Optional<PatchPath> path, Optional<JsonNode> value) {
    /** Checks the components. */
    public PatchOperation {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
    }

    /**
     * An operation on a path.
     *
     * @param op what to do
     * @param path the path text, parsed leniently
     * @param value the value, or null (for remove)
     * @return the operation
     */
    public static PatchOperation of(PatchOp op, String path, @org.jspecify.annotations.Nullable JsonNode value) {
        return new PatchOperation(op, Optional.of(PatchPath.parse(path)), Optional.ofNullable(value));
    }

    @Override
    public String toString() {
        return op + (path.isPresent() ? " " + path.get() : "") + (value.isPresent() ? " " + value.get() : "");
    }
}
