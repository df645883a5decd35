package io.scimlab.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.internal.Access;
import io.scimlab.core.resource.ScimResource;

/**
 * A filter bound to a resource type, ready to match resources: its attribute paths are resolved and its
 * literals converted once, at {@link FilterEvaluator#compile(Filter)} time. Immutable and thread-safe;
 * matching allocates nothing in the common cases.
 */
public final class CompiledFilter {
    private final Filter filter;
    private final Matchers.Matcher root;

    CompiledFilter(Filter filter, Matchers.Matcher root) {
        this.filter = filter;
        this.root = root;
    }

    /** The filter this was compiled from. */
    public Filter filter() {
        return filter;
    }

    /**
     * Whether a resource matches.
     *
     * @param resource a resource of the type the filter was compiled for
     * @return true when it matches
     */
    public boolean matches(ScimResource resource) {
        return root.test(Access.json(resource));
    }

    /**
     * Whether a resource's JSON matches (core attributes at the top level, extensions under their URN).
     *
     * @param resource the resource JSON; not modified
     * @return true when it matches
     */
    public boolean matches(JsonNode resource) {
        return root.test(resource);
    }

    @Override
    public String toString() {
        return filter.toString();
    }
}
