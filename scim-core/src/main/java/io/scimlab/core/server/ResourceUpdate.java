package io.scimlab.core.server;

import io.scimlab.core.patch.ChangeSet;
import io.scimlab.core.resource.ScimResource;
import java.util.Objects;

/**
 * A change to an existing resource, computed by the server from a PATCH or PUT: the resource before (as the
 * provider last returned it), after, and the change set between them.
 *
 * <p>The provider stores {@code after} only if its stored version still equals {@code before}'s
 * {@code meta.version}; otherwise it throws {@link ResourceProvider#versionConflict(String)} and the server
 * re-reads and re-applies the request (or answers 412 when the client sent {@code If-Match}). This is how
 * concurrent PATCHes to one group lose no member.
 *
 * @param id the resource id
 * @param before the resource the change was computed from
 * @param after the resource to store
 * @param changes what changed; a provider turns this into the fewest backend calls
 * @param replace true for a PUT, false for a PATCH
 */
public record ResourceUpdate(String id, ScimResource before, ScimResource after, ChangeSet changes,
        boolean replace) {
    /** Checks the components. */
    public ResourceUpdate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(changes, "changes");
    }
}
