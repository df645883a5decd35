package io.scimlab.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.internal.Access;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.ResolvedAttribute;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.SchemaRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Evaluates filters against resources of one resource type, schema-aware (RFC 7644 §3.4.2.2).
 *
 * <p>Compile a filter once with {@link #compile(Filter)} and match many resources with the result. Rules:
 * <ul>
 *   <li>string comparisons honour the attribute's {@code caseExact} ({@code userName} ignores case,
 *       {@code id} does not); {@code gt ge lt le} on strings are lexicographic;</li>
 *   <li>dateTimes compare as instants, integers and decimals numerically, booleans only with {@code eq}
 *       and {@code ne};</li>
 *   <li>{@code co sw ew} apply to strings and references only, and binary attributes support only
 *       {@code eq ne pr}: anything else is 400 {@code invalidFilter} at compile time;</li>
 *   <li>a multi-valued attribute matches when any value matches; a multi-valued complex attribute
 *       compared without a sub-attribute ({@code emails co "x"}) compares its {@code value} sub-attribute;
 *       a single-valued complex attribute can only be tested with {@code pr};</li>
 *   <li>{@code ne} is the negation of {@code eq}: true when the attribute has no value, and for a
 *       multi-valued attribute true when no value is equal;</li>
 *   <li>{@code eq null} is true when the attribute has no value, {@code ne null} when it has one; other
 *       operators with {@code null} are 400 {@code invalidFilter};</li>
 *   <li>{@code pr} is false for null, an empty string, an empty array and an empty object;</li>
 *   <li>{@code schemas} is matched as a multi-valued, case-insensitive string attribute;</li>
 *   <li>an attribute the schema does not define behaves as an attribute without a value in lenient mode
 *       (so {@code eq} is false, {@code ne} true, {@code pr} false); strict mode rejects it with 400
 *       {@code invalidFilter}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. Path resolutions are cached per evaluator, so keep one evaluator per
 * registry and resource type.
 */
public final class FilterEvaluator {
    private final SchemaRegistry registry;
    private final ResourceTypeDefinition type;
    private final FilterOptions options;
    /** Resolutions by path as written; the cache holds at most what clients wrote, capped by {@link #CACHE_MAX}. */
    private final ConcurrentMap<AttributePath, Optional<ResolvedAttribute>> resolved = new ConcurrentHashMap<>();
    private static final int CACHE_MAX = 4096;

    static {
        // PATCH's value paths (emails[type eq "work"]) match elements with element filters: shared, not public.
        Access.setFilters(FilterEvaluator::compileElementFilter);
    }

    private FilterEvaluator(SchemaRegistry registry, ResourceTypeDefinition type, FilterOptions options) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.type = Objects.requireNonNull(type, "type");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * An evaluator with the lenient default options.
     *
     * @param registry the schemas
     * @param type the resource type the filters apply to
     * @return the evaluator
     */
    public static FilterEvaluator of(SchemaRegistry registry, ResourceTypeDefinition type) {
        return new FilterEvaluator(registry, type, FilterOptions.lenient());
    }

    /**
     * An evaluator.
     *
     * @param registry the schemas
     * @param type the resource type the filters apply to
     * @param options lenient or strict, and the parse limits for {@link #compile(String)}
     * @return the evaluator
     */
    public static FilterEvaluator of(SchemaRegistry registry, ResourceTypeDefinition type, FilterOptions options) {
        return new FilterEvaluator(registry, type, options);
    }

    /** The resource type filters are evaluated for. */
    public ResourceTypeDefinition resourceType() {
        return type;
    }

    /** The options. */
    public FilterOptions options() {
        return options;
    }

    /**
     * Compiles a filter: resolves its paths and converts its literals to the attributes' types.
     *
     * @param filter the filter
     * @return the compiled filter
     * @throws io.scimlab.core.error.ScimException 400 {@code invalidFilter} when an operator does not apply to
     *     an attribute's type, a literal does not fit it, or (strict mode) an attribute is unknown
     */
    public CompiledFilter compile(Filter filter) {
        return new CompiledFilter(filter, filter.accept(new FilterCompiler(this, null)));
    }

    /**
     * Compiles the inner filter of a value path ({@code type eq "work"} in {@code emails[type eq "work"]})
     * for matching single elements of a multi-valued complex attribute: the compiled filter's
     * {@link CompiledFilter#matches(JsonNode)} then takes one element. Used by the PATCH engine.
     *
     * @param parent the complex attribute whose elements are matched
     * @param filter the inner filter, whose paths name the parent's sub-attributes
     * @return the compiled filter
     * @throws io.scimlab.core.error.ScimException 400 {@code invalidFilter} when an operator does not apply
     */
    CompiledFilter compileElementFilter(AttributeDefinition parent, Filter filter) {
        if (!parent.isComplex()) {
            throw ScimException.of(ScimType.INVALID_FILTER,
                    "a value filter applies to a complex attribute, and " + parent.name() + " is not one");
        }
        return new CompiledFilter(filter, filter.accept(new FilterCompiler(this, parent)));
    }

    /**
     * Parses (with this evaluator's options) and compiles a filter.
     *
     * @param filter the filter text
     * @return the compiled filter
     * @throws io.scimlab.core.error.ScimException 400 {@code invalidFilter} for a syntax or type error
     */
    public CompiledFilter compile(String filter) {
        return compile(FilterParser.parse(filter, options));
    }

    /**
     * Compiles the filter and matches one resource; prefer {@link #compile(Filter)} for many resources.
     *
     * @param filter the filter
     * @param resource the resource
     * @return true when the resource matches
     */
    public boolean matches(Filter filter, ScimResource resource) {
        return compile(filter).matches(resource);
    }

    Optional<ResolvedAttribute> resolve(AttributePath path) {
        Optional<ResolvedAttribute> hit = resolved.get(path);
        if (hit != null) {
            return hit;
        }
        Optional<ResolvedAttribute> r = Optional.ofNullable(
                registry.resolve(type, path.schemaUrn(), path.name(), path.subAttribute()));
        if (resolved.size() < CACHE_MAX) {
            resolved.putIfAbsent(path, r);
        }
        return r;
    }
}
