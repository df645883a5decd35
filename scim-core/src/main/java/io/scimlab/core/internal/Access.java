package io.scimlab.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.filter.CompiledFilter;
import io.scimlab.core.filter.Filter;
import io.scimlab.core.filter.FilterEvaluator;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.AttributeDefinition;
import org.jspecify.annotations.Nullable;

/**
 * The package-private members one package of ScimLab offers the others, and no user: the accessor pattern of the
 * JDK's {@code SharedSecrets} and OkHttp's {@code Internal}. Each API package registers its implementation from the
 * static initializer of the class that owns the members, so that they stay out of the public API while the
 * engines of other packages (PATCH, the server, the in-memory provider) still reach the zero-copy internals.
 * Internal: this package is not exported.
 */
public final class Access {
    private static volatile @Nullable Resources resources;
    private static volatile @Nullable Filters filters;

    private Access() {}

    /** What {@code io.scimlab.core.resource} shares. */
    public interface Resources {
        /**
         * Wraps a JSON object in canonical form without copying it; the caller hands over ownership and must not
         * modify it again.
         *
         * @param json a fresh tree with every attribute name spelled as its schema spells it
         * @return the resource
         */
        ScimResource wrap(ObjectNode json);

        /**
         * The backing JSON tree of a resource, not copied; read-only.
         *
         * @param resource the resource
         * @return its tree
         */
        JsonNode json(ScimResource resource);

        /**
         * Checks and coerces one attribute value the way resource bodies are read (PATCH values).
         *
         * @param reader the reader whose rules apply
         * @param json the value
         * @param attribute the attribute's definition
         * @param path the attribute path, for error details
         * @param request whether read-only sub-attributes are dropped
         * @return the value in canonical form, or a null node when it is unassigned
         */
        JsonNode readValue(ResourceReader reader, JsonNode json, AttributeDefinition attribute, String path,
                boolean request);

        /**
         * Checks and coerces one element of a multi-valued attribute (a PATCH value for {@code emails[...]}).
         *
         * @param reader the reader whose rules apply
         * @param json the element
         * @param attribute the multi-valued attribute's definition
         * @param path the element's path, for error details
         * @param request whether read-only sub-attributes are dropped
         * @return the element in canonical form, or a null node when it is unassigned
         */
        JsonNode readElement(ResourceReader reader, JsonNode json, AttributeDefinition attribute, String path,
                boolean request);
    }

    /** What {@code io.scimlab.core.filter} shares. */
    public interface Filters {
        /**
         * Compiles a value filter ({@code emails[type eq "work"]}) to match elements of a multi-valued complex
         * attribute, as PATCH paths select them.
         *
         * @param evaluator the evaluator of the resource type
         * @param parent the multi-valued attribute
         * @param filter the filter over its sub-attributes
         * @return the compiled filter, matching element objects
         */
        CompiledFilter compileElementFilter(FilterEvaluator evaluator, AttributeDefinition parent, Filter filter);
    }

    /**
     * Registers the resource package's implementation (once, from {@code ScimResource}'s initializer).
     *
     * @param value the implementation
     */
    public static void setResources(Resources value) {
        resources = value;
    }

    /**
     * Registers the filter package's implementation (once, from {@code FilterEvaluator}'s initializer).
     *
     * @param value the implementation
     */
    public static void setFilters(Filters value) {
        filters = value;
    }

    /** The resource package's members. */
    public static Resources resources() {
        Resources r = resources;
        if (r == null) {
            initialize(ScimResource.class);
            r = resources;
        }
        if (r == null) {
            throw new IllegalStateException("ScimResource did not register its internals");
        }
        return r;
    }

    /** The filter package's members. */
    public static Filters filters() {
        Filters f = filters;
        if (f == null) {
            initialize(FilterEvaluator.class);
            f = filters;
        }
        if (f == null) {
            throw new IllegalStateException("FilterEvaluator did not register its internals");
        }
        return f;
    }

    private static void initialize(Class<?> owner) {
        try {
            Class.forName(owner.getName(), true, owner.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Shorthand for {@code resources().wrap(json)}.
     *
     * @param json a fresh canonical tree, owned by the resource from now on
     * @return the resource
     */
    public static ScimResource wrap(ObjectNode json) {
        return resources().wrap(json);
    }

    /**
     * Shorthand for {@code resources().json(resource)}.
     *
     * @param resource the resource
     * @return its backing tree, read-only
     */
    public static JsonNode json(ScimResource resource) {
        return resources().json(resource);
    }
}
