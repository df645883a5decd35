package io.scimlab.core.patch;

import static io.scimlab.core.patch.MultiValued.append;
import static io.scimlab.core.patch.MultiValued.dropEmptyElements;
import static io.scimlab.core.patch.MultiValued.key;
import static io.scimlab.core.patch.MultiValued.normalisePrimary;
import static io.scimlab.core.patch.MultiValued.removeValues;
import static io.scimlab.core.patch.MultiValued.setOrRemove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.filter.And;
import io.scimlab.core.filter.AttributePath;
import io.scimlab.core.filter.CompareOp;
import io.scimlab.core.filter.Comparison;
import io.scimlab.core.filter.CompiledFilter;
import io.scimlab.core.filter.Filter;
import io.scimlab.core.filter.FilterEvaluator;
import io.scimlab.core.filter.FilterOptions;
import io.scimlab.core.filter.FilterParser;
import io.scimlab.core.filter.Or;
import io.scimlab.core.filter.PatchPath;
import io.scimlab.core.internal.Access;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.Mutability;
import io.scimlab.core.schema.ResolvedAttribute;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaExtension;
import io.scimlab.core.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Applies one PATCH operation to a {@link Draft}, for {@link PatchEngine}: resolves its path (or the attribute
 * names of its value), checks mutability, reads the value by the schema as {@link ResourceReader} reads bodies,
 * and selects elements by value filter; consecutive {@code remove attr[value eq "x"]} operations are batched into
 * one pass. Immutable and thread-safe.
 */
final class PatchOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaRegistry registry;
    private final ResourceTypeDefinition type;
    private final PatchOptions options;
    private final ResourceReader reader;
    private final FilterEvaluator filters;

    PatchOperations(SchemaRegistry registry, ResourceTypeDefinition type, PatchOptions options,
            ResourceReader reader, FilterEvaluator filters) {
        this.registry = registry;
        this.type = type;
        this.options = options;
        this.reader = reader;
        this.filters = filters;
    }

    // ---- operations without a path: the value is an object of attributes ----

    void applyObject(Draft draft, PatchOp op, JsonNode value, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode v = field.getValue();
            if (key.equalsIgnoreCase("schemas")) {
                continue;
            }
            String urn = key.regionMatches(true, 0, "urn:", 0, 4) ? registry.schemaPrefix(type, key) : null;
            if (urn != null && urn.length() == key.length() && !urn.equals(type.schema())) {
                applyExtensionRoot(draft, op, urn, v, where + ".value." + key);
            } else if (urn != null && urn.length() == key.length()) {
                if (!v.isObject()) {
                    throw ScimException.invalidValue(where + ".value." + key
                            + " must be an object of the core schema's attributes");
                }
                applyObject(draft, op, v, where + ".value." + key);
            } else if (key.indexOf('.') >= 0 || urn != null) {
                if (!options.pathKeysInValue()) {
                    throw ScimException.of(ScimType.INVALID_PATH, where + ".value: \"" + Excerpt.of(key)
                            + "\" is a path, not an attribute name");
                }
                applyPath(draft, op, FilterParser.parsePath(key, FilterOptions.lenient()), v, where + ".value");
            } else {
                ResolvedAttribute resolved = resolveOrNull(null, key, null);
                if (resolved == null) {
                    if (!options.coerceValues()) {
                        throw ScimException.of(ScimType.INVALID_PATH, where + ".value: " + Excerpt.of(key)
                                + " is not an attribute of " + type.name());
                    }
                    continue;
                }
                applyTarget(draft, op, resolved, null, v, where + ".value." + resolved.canonicalPath());
            }
        }
    }

    void applyExtensionRoot(Draft draft, PatchOp op, String urn, @Nullable JsonNode value,
            String where) {
        ObjectNode root = draft.root();
        if (op == PatchOp.REMOVE) {
            root.remove(urn);
            return;
        }
        if (value == null || !value.isObject()) {
            throw ScimException.invalidValue(where + ": the value of an extension is an object of its attributes");
        }
        Schema schema = Objects.requireNonNull(registry.schema(urn));
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition attribute = schema.attribute(field.getKey());
            if (attribute == null) {
                if (!options.coerceValues()) {
                    throw ScimException.of(ScimType.INVALID_PATH, where + ": " + Excerpt.of(field.getKey())
                            + " is not an attribute of " + urn);
                }
                continue;
            }
            applyTarget(draft, op, new ResolvedAttribute(schema.id(), true, attribute, null), null,
                    field.getValue(), where + "." + attribute.name());
        }
    }

    void applyPath(Draft draft, PatchOp op, PatchPath path, @Nullable JsonNode value, String where) {
        AttributePath a = path.attribute();
        if (a.schemaUrn() != null && a.subAttribute() == null && path.valueFilter() == null) {
            String whole = a.schemaUrn() + ":" + a.name();
            String urn = registry.schemaPrefix(type, whole);
            if (urn != null && urn.length() == whole.length()) {
                if (urn.equals(type.schema())) {
                    throw ScimException.of(ScimType.INVALID_PATH, where + ": " + whole + " names the core schema");
                }
                applyExtensionRoot(draft, op, urn, value, where);
                return;
            }
        }
        ResolvedAttribute resolved = resolveOrNull(a.schemaUrn(), a.name(), a.subAttribute());
        if (resolved == null) {
            throw ScimException.of(ScimType.INVALID_PATH, where + ": " + Excerpt.of(path.toString())
                    + " is not an attribute of "
                    + type.name());
        }
        applyTarget(draft, op, resolved, path.valueFilter(), value, where + " (" + Excerpt.of(path.toString()) + ")");
    }

    /** Resolves a path; leniently, an unqualified name that is not a core attribute may be an extension's. */
    @Nullable ResolvedAttribute resolveOrNull(@Nullable String urn, String name, @Nullable String sub) {
        ResolvedAttribute resolved = registry.resolve(type, urn, name, sub);
        if (resolved == null && urn == null && options.coerceValues()) {
            for (SchemaExtension ext : type.schemaExtensions()) {
                resolved = registry.resolve(type, ext.schema(), name, sub);
                if (resolved != null) {
                    break;
                }
            }
        }
        return resolved;
    }

    void applyTarget(Draft draft, PatchOp op, ResolvedAttribute target, @Nullable Filter filter,
            @Nullable JsonNode value, String where) {
        ObjectNode root = draft.root();
        AttributeDefinition attribute = target.attribute();
        AttributeDefinition sub = target.subAttribute();
        ObjectNode container = target.extension() ? draft.extension(target.schemaUrn(), op != PatchOp.REMOVE)
                : root;
        if (container == null) {
            return; // removing from an extension the resource does not have
        }
        String name = attribute.name();
        draft.own(container, name);
        AttributeDefinition definition = target.definition();
        if (definition.mutability() == Mutability.READ_ONLY || attribute.mutability() == Mutability.READ_ONLY) {
            checkReadOnly(container, target, filter, op, value, where);
            return;
        }
        if (value != null && value.isArray() && value.size() == 1 && !attribute.multiValued() && sub == null
                && filter == null && options.coerceValues()) {
            value = value.get(0); // a one-element list for a single-valued attribute (Entra's legacy manager)
        }
        boolean clears = value == null || value.isNull()
                || (options.emptyValueClears() && value.isTextual() && value.asText().isEmpty());
        if (filter != null) {
            applyFiltered(container, op, target, filter, clears ? null : value, where);
        } else if (sub != null) {
            applySub(container, op, attribute, sub, clears ? null : value, where);
        } else if (op == PatchOp.REMOVE) {
            if (attribute.multiValued() && value != null && !value.isNull()) {
                removeByValue(container, attribute, value, where);
            } else {
                container.remove(name);
            }
        } else if (clears || value == null) { // clears already holds for a null value
            container.remove(name);
        } else {
            JsonNode v = Access.resources().readValue(reader, value, attribute, target.canonicalPath(), true);
            if (v.isNull()) {
                container.remove(name);
            } else if (attribute.multiValued()) {
                if (op == PatchOp.REPLACE) {
                    container.set(name, v);
                    normalisePrimary((ArrayNode) v, List.of());
                } else {
                    append(container, attribute, (ArrayNode) v);
                }
            } else if (attribute.isComplex() && container.get(name) instanceof ObjectNode existing) {
                existing.setAll((ObjectNode) v);
            } else {
                container.set(name, v);
            }
        }
        if (target.extension() && container.isEmpty()) {
            root.remove(target.schemaUrn());
        }
    }

    /** A readOnly target: an unchanged value is tolerated (Okta repeats the id), anything else is refused. */
    void checkReadOnly(ObjectNode container, ResolvedAttribute target, @Nullable Filter filter, PatchOp op,
            @Nullable JsonNode value, String where) {
        if (options.tolerateUnchangedReadOnly() && op != PatchOp.REMOVE && filter == null
                && target.subAttribute() == null && value != null) {
            JsonNode current = container.get(target.attribute().name());
            JsonNode given = Access.resources().readValue(reader, value, target.attribute(), target.canonicalPath(),
                    false);
            if (given.equals(current) || (current != null && given.isValueNode()
                    && given.asText().equals(current.asText()))) {
                return;
            }
        }
        throw ScimException.of(ScimType.MUTABILITY, where + ": " + target.canonicalPath() + " is readOnly");
    }

    void applySub(ObjectNode container, PatchOp op, AttributeDefinition attribute, AttributeDefinition sub,
            @Nullable JsonNode value, String where) {
        String name = attribute.name();
        JsonNode v = value == null || op == PatchOp.REMOVE ? null
                : Access.resources().readValue(reader, value, sub, name + "." + sub.name(), true);
        if (v != null && v.isNull()) {
            v = null;
        }
        if (!attribute.multiValued()) {
            ObjectNode object = container.get(name) instanceof ObjectNode o ? o : null;
            if (v == null) {
                if (object != null) {
                    object.remove(sub.name());
                    if (object.isEmpty()) {
                        container.remove(name);
                    }
                }
                return;
            }
            if (object == null) {
                object = container.putObject(name);
            }
            object.set(sub.name(), v);
            return;
        }
        // attr.sub on a multi-valued attribute without a filter: every element.
        ArrayNode array = container.get(name) instanceof ArrayNode a ? a : null;
        if (v == null) {
            if (array != null) {
                array.forEach(e -> ((ObjectNode) e).remove(sub.name()));
                dropEmptyElements(container, name, array);
            }
            return;
        }
        if (array == null || array.isEmpty()) {
            if (!options.createOnAbsent()) {
                throw ScimException.of(ScimType.NO_TARGET, where + ": " + name + " has no values");
            }
            container.putArray(name).addObject().set(sub.name(), v);
            return;
        }
        for (JsonNode element : array) {
            ((ObjectNode) element).set(sub.name(), v);
        }
    }

    void applyFiltered(ObjectNode container, PatchOp op, ResolvedAttribute target, Filter filter,
            @Nullable JsonNode value, String where) {
        AttributeDefinition attribute = target.attribute();
        AttributeDefinition sub = target.subAttribute();
        String name = attribute.name();
        if (!attribute.multiValued() || !attribute.isComplex()) {
            throw ScimException.of(ScimType.INVALID_PATH, where + ": a value filter needs a multi-valued complex"
                    + " attribute, and " + name + " is not one");
        }
        ArrayNode array = container.get(name) instanceof ArrayNode a ? a : null;
        List<ObjectNode> matches = new ArrayList<>();
        AttributeDefinition valueSub = attribute.subAttribute("value");
        Set<String> wanted = valueSub == null ? null : valueEqualities(filter, valueSub.caseExact());
        if (array != null && wanted != null && valueSub != null) {
            // value eq "a" or value eq "b" or ...: one hash lookup per element instead of one test per term.
            for (JsonNode element : array) {
                JsonNode v = element.get("value");
                if (element instanceof ObjectNode object && v != null && v.isValueNode()
                        && wanted.contains(key(v.asText(), valueSub.caseExact()))) {
                    matches.add(object);
                }
            }
        } else if (array != null) {
            CompiledFilter compiled = Access.filters().compileElementFilter(filters, attribute, filter);
            for (JsonNode element : array) {
                if (element instanceof ObjectNode object && compiled.matches(object)) {
                    matches.add(object);
                }
            }
        }
        if (op == PatchOp.REMOVE) {
            if (array == null || matches.isEmpty()) {
                return;
            }
            if (sub == null) {
                Set<JsonNode> doomed = Collections.newSetFromMap(new IdentityHashMap<>());
                doomed.addAll(matches);
                ArrayNode kept = NODES.arrayNode(array.size());
                array.forEach(e -> {
                    if (!doomed.contains(e)) {
                        kept.add(e);
                    }
                });
                setOrRemove(container, name, kept);
            } else {
                matches.forEach(m -> m.remove(sub.name()));
                dropEmptyElements(container, name, array);
            }
            return;
        }
        JsonNode v;
        if (value == null) {
            v = null;
        } else if (sub != null) {
            v = Access.resources().readValue(reader, value, sub,
                    name + "[" + Excerpt.of(filter.toString()) + "]." + sub.name(), true);
        } else {
            v = Access.resources().readElement(reader, value, attribute,
                    name + "[" + Excerpt.of(filter.toString()) + "]", true);
        }
        if (v != null && v.isNull()) {
            v = null;
        }
        if (matches.isEmpty()) {
            if (v == null) {
                return;
            }
            if (!options.createOnAbsent()) {
                throw ScimException.of(ScimType.NO_TARGET, where + ": no value of " + name + " matches "
                        + Excerpt.of(filter.toString()));
            }
            ObjectNode created = elementFrom(filter, where);
            if (array == null) {
                array = container.putArray(name);
            }
            array.add(created);
            matches.add(created);
        }
        for (ObjectNode match : matches) {
            if (sub != null) {
                if (v == null) {
                    match.remove(sub.name());
                } else {
                    match.set(sub.name(), v);
                }
            } else if (v != null) {
                match.setAll((ObjectNode) v);
            }
        }
        if (array != null) {
            normalisePrimary(array, matches);
            dropEmptyElements(container, name, array);
        }
    }

    /**
     * The literals of a filter that is {@code value eq "x"} or an {@code or} of such terms (how clients remove
     * many members at once), or null for any other filter.
     */
    static @Nullable Set<String> valueEqualities(Filter filter, boolean caseExact) {
        Set<String> values = new HashSet<>();
        if (filter instanceof Or or) {
            for (Filter operand : or.filters()) {
                if (!addValueEquality(operand, values, caseExact)) {
                    return null;
                }
            }
            return values;
        }
        return addValueEquality(filter, values, caseExact) ? values : null;
    }

    static boolean addValueEquality(Filter filter, Set<String> values, boolean caseExact) {
        if (filter instanceof Comparison c && c.op() == CompareOp.EQ && c.path().schemaUrn() == null
                && c.path().subAttribute() == null && c.path().name().equalsIgnoreCase("value")
                && c.value().isTextual()) {
            values.add(key(c.value().asText(), caseExact));
            return true;
        }
        return false;
    }

    /** The element a filter such as {@code type eq "work"} describes, for create-on-absent. */
    static ObjectNode elementFrom(Filter filter, String where) {
        ObjectNode element = NODES.objectNode();
        collectEquals(filter, element, where);
        return element;
    }

    static void collectEquals(Filter filter, ObjectNode element, String where) {
        if (filter instanceof And and) {
            for (Filter operand : and.filters()) {
                collectEquals(operand, element, where);
            }
        } else if (filter instanceof Comparison c && c.op() == CompareOp.EQ && c.path().schemaUrn() == null
                && c.path().subAttribute() == null && !c.value().isNull()) {
            element.set(c.path().name(), c.value());
        } else {
            throw ScimException.of(ScimType.NO_TARGET, where + ": no value matches " + Excerpt.of(filter.toString())
                    + ", and it is not a filter of equalities a new value could be made from");
        }
    }

    /** Entra: {@code remove members} with {@code value: [{"value": "id"}]} removes only those members. */
    void removeByValue(ObjectNode container, AttributeDefinition attribute, JsonNode value, String where) {
        if (!options.removeByValue()) {
            throw ScimException.invalidSyntax(where + ": remove takes no value");
        }
        Set<String> doomed = new HashSet<>();
        boolean caseExact = attribute.subAttribute("value") == null || attribute.subAttribute("value").caseExact();
        for (JsonNode element : value.isArray() ? value : NODES.arrayNode().add(value)) {
            JsonNode v = element.isObject() ? ScimResource.member(element, "value") : element;
            if (!v.isValueNode() || v.isNull()) {
                throw ScimException.invalidValue(where + ": each value to remove needs a \"value\"");
            }
            doomed.add(key(v.asText(), caseExact));
        }
        removeValues(container, attribute.name(), doomed, caseExact);
    }

    /**
     * Batches consecutive {@code remove attr[value eq "x"]} operations on one attribute into a single pass.
     *
     * @return how many operations were applied, 0 when operation {@code i} does not start such a run
     */
    int removeValueBatch(ObjectNode root, List<PatchOperation> ops, int i) {
        String attributeName = removeByValueFilter(ops.get(i));
        if (attributeName == null) {
            return 0;
        }
        int j = i;
        Set<String> values = new HashSet<>();
        ResolvedAttribute target = registry.resolve(type, null, attributeName, null);
        if (target == null || target.extension() || !target.attribute().multiValued()
                || target.attribute().subAttribute("value") == null) {
            return 0;
        }
        boolean caseExact = target.attribute().subAttribute("value").caseExact();
        while (j < ops.size() && attributeName.equals(removeByValueFilter(ops.get(j)))) {
            Comparison c = (Comparison) ops.get(j).path().orElseThrow().valueFilter();
            values.add(key(Objects.requireNonNull(c).value().asText(), caseExact));
            j++;
        }
        if (j - i < 2) {
            return 0; // a single operation takes the general path
        }
        removeValues(root, target.attribute().name(), values, caseExact);
        return j - i;
    }

    /** The attribute name when the operation is {@code remove attr[value eq "literal"]}, else null. */
    static @Nullable String removeByValueFilter(PatchOperation op) {
        if (op.op() != PatchOp.REMOVE || op.path().isEmpty() || op.value().isPresent()) {
            return null;
        }
        PatchPath path = op.path().get();
        if (path.attribute().schemaUrn() != null || path.attribute().subAttribute() != null
                || !(path.valueFilter() instanceof Comparison c) || c.op() != CompareOp.EQ
                || !c.path().name().equalsIgnoreCase("value") || c.path().subAttribute() != null
                || c.path().schemaUrn() != null || !c.value().isTextual()) {
            return null;
        }
        return path.attribute().name().toLowerCase(Locale.ROOT);
    }
}
