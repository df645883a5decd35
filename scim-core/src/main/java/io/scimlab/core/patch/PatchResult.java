package io.scimlab.core.patch;

import io.scimlab.core.resource.ScimResource;
import java.util.Objects;

/**
 * The outcome of a PATCH or PUT: the new resource and what changed.
 *
 * @param resource the resource after the change
 * @param changes the change set; empty when the request changed nothing
 */
public record PatchResult(ScimResource resource, ChangeSet changes) {
    /** Checks the components. */
    public PatchResult {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(changes, "changes");
    }
}
