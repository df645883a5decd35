package io.scimlab.core.server;

import io.scimlab.core.patch.ChangeSet;
import io.scimlab.core.patch.PatchResult;
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
 * <p>An immutable value, equal when every part is equal; made by {@link #patch} or {@link #replace}.
 */
public final class ResourceUpdate {
    private final String id;
    private final ScimResource before;
    private final ScimResource after;
    private final ChangeSet changes;
    private final boolean replace;

    private ResourceUpdate(String id, ScimResource before, ScimResource after, ChangeSet changes, boolean replace) {
        this.id = Objects.requireNonNull(id, "id");
        this.before = Objects.requireNonNull(before, "before");
        this.after = Objects.requireNonNull(after, "after");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.replace = replace;
    }

    /**
     * The update a PATCH computed.
     *
     * @param id the resource id
     * @param before the resource the change was computed from
     * @param after the resource to store
     * @param changes what changed
     * @return the update
     */
    public static ResourceUpdate patch(String id, ScimResource before, ScimResource after, ChangeSet changes) {
        return new ResourceUpdate(id, before, after, changes, false);
    }

    /**
     * The update a PATCH computed, from the engine's result.
     *
     * @param id the resource id
     * @param before the resource the change was computed from
     * @param result what {@link io.scimlab.core.patch.PatchEngine#apply} answered
     * @return the update
     */
    public static ResourceUpdate patch(String id, ScimResource before, PatchResult result) {
        return patch(id, before, result.resource(), result.changes());
    }

    /**
     * The update a PUT computed.
     *
     * @param id the resource id
     * @param before the resource the change was computed from
     * @param after the resource to store
     * @param changes what changed
     * @return the update
     */
    public static ResourceUpdate replace(String id, ScimResource before, ScimResource after, ChangeSet changes) {
        return new ResourceUpdate(id, before, after, changes, true);
    }

    /** The resource id. */
    public String id() {
        return id;
    }

    /** The resource the change was computed from. */
    public ScimResource before() {
        return before;
    }

    /** The resource to store. */
    public ScimResource after() {
        return after;
    }

    /** What changed; a provider turns this into the fewest backend calls. */
    public ChangeSet changes() {
        return changes;
    }

    /** True for a PUT, false for a PATCH. */
    public boolean replace() {
        return replace;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceUpdate other && id.equals(other.id) && before.equals(other.before)
                && after.equals(other.after) && changes.equals(other.changes) && replace == other.replace;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, before, after, changes, replace);
    }

    /** The kind, id and changed paths (never values: a password may be among them). */
    @Override
    public String toString() {
        return "ResourceUpdate{" + (replace ? "PUT " : "PATCH ") + id + ", changes=" + changes.paths() + "}";
    }
}
