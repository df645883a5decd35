package io.scimlab.core.patch;

import io.scimlab.core.internal.Access;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.filter.AttributePath;
import io.scimlab.core.filter.And;
import io.scimlab.core.filter.CompareOp;
import io.scimlab.core.filter.Comparison;
import io.scimlab.core.filter.CompiledFilter;
import io.scimlab.core.filter.Filter;
import io.scimlab.core.filter.FilterEvaluator;
import io.scimlab.core.filter.FilterOptions;
import io.scimlab.core.filter.FilterParser;
import io.scimlab.core.filter.PatchPath;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Applies PATCH requests (RFC 7644 §3.5.2) and PUT replacements (§3.5.1) to resources of one type, atomically:
 * every operation takes effect or, on the first error, none does and the resource is unchanged.
 *
 * <p>Semantics: {@code add} appends to multi-valued attributes (an element whose {@code value} is already
 * there is merged, never duplicated), sets single-valued ones and merges complex ones; {@code replace} sets
 * (a whole multi-valued attribute, or the elements a filter selects, merging the given sub-attributes) and
 * {@code remove} deletes an attribute, a sub-attribute, or the elements a filter selects (a filter that selects
 * nothing is a no-op). Setting {@code primary: true} on one value clears it on the others. Values are checked
 * against the schema as {@link ResourceReader} checks resources: 400 {@code invalidValue} naming the path.
 * Changing a readOnly or a set immutable attribute is 400 {@code mutability}; removing a required one 400
 * {@code invalidValue}; a path that names no attribute 400 {@code invalidPath}; a filter that selects nothing
 * for {@code replace} 400 {@code noTarget} (unless {@link PatchOptions#createOnAbsent()}).
 *
 * <p>Cost: one pass over a multi-valued attribute per operation, and consecutive
 * {@code remove members[value eq "..."]} operations are batched into a single pass, so a patch of m members
 * against a group of n costs O(n + m), not O(n·m).
 *
 * <p>Immutable and thread-safe; build one per resource type and options.
 */
public final class PatchEngine {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaRegistry registry;
    private final ResourceTypeDefinition type;
    private final PatchOptions options;
    private final ResourceReader reader;
    private final FilterEvaluator filters;
    private final Schema core;

    private PatchEngine(SchemaRegistry registry, ResourceTypeDefinition type, PatchOptions options) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.type = Objects.requireNonNull(type, "type");
        this.options = Objects.requireNonNull(options, "options");
        this.reader = ResourceReader.builder(registry).strict(!options.coerceValues()).build();
        this.filters = FilterEvaluator.of(registry, type,
                options.coerceValues() ? FilterOptions.lenient() : FilterOptions.strictRfc());
        this.core = Objects.requireNonNull(registry.schema(type.schema()), type.schema());
    }

    /**
     * An engine for one resource type.
     *
     * @param registry the schemas
     * @param type the resource type
     * @param options the compatibility options
     * @return the engine
     */
    public static PatchEngine of(SchemaRegistry registry, ResourceTypeDefinition type, PatchOptions options) {
        return new PatchEngine(registry, type, options);
    }

    /** The options this engine applies. */
    public PatchOptions options() {
        return options;
    }

    /**
     * Parses a PATCH body and applies it.
     *
     * @param resource the current resource
     * @param body the PATCH request body (UTF-8 JSON)
     * @return the new resource and the change set
     * @throws ScimException 400 with the RFC scimType for bad input; the resource is then unchanged
     */
    public PatchResult apply(ScimResource resource, byte[] body) {
        return apply(resource, PatchRequest.parse(body, options));
    }

    /**
     * Applies a PATCH request.
     *
     * @param resource the current resource
     * @param request the operations
     * @return the new resource and the change set
     * @throws ScimException 400 with the RFC scimType for bad input; the resource is then unchanged
     */
    public PatchResult apply(ScimResource resource, PatchRequest request) {
        // Copy on write: the draft shares every attribute with the resource until an operation touches it, so a
        // patch costs what it changes, not the size of the resource (and unchanged attributes compare by identity).
        Draft draft = Draft.of(Access.json(resource));
        ObjectNode root = draft.root();
        List<PatchOperation> ops = request.operations();
        for (int i = 0; i < ops.size(); ) {
            int batched = removeValueBatch(root, ops, i);
            if (batched > 0) {
                i += batched;
                continue;
            }
            PatchOperation op = ops.get(i);
            String where = "Operations[" + i + "]";
            if (op.path().isPresent()) {
                applyPath(draft, op.op(), op.path().get(), op.value().orElse(null), where);
            } else {
                applyObject(draft, op.op(), op.value().orElseThrow(), where);
            }
            i++;
        }
        return finish(resource, root);
    }

    /**
     * Replaces a resource with a new representation (PUT, RFC 7644 §3.5.1): attributes left out are cleared,
     * readOnly attributes keep their current values whatever the request says, immutable attributes that are
     * set must not change (400 {@code mutability}), and an {@code id} in the body must match (400
     * {@code invalidValue} otherwise).
     *
     * @param existing the current resource
     * @param replacement the new representation, as {@link ResourceReader#readRequest} read it
     * @return the new resource and the change set
     */
    public PatchResult replace(ScimResource existing, ScimResource replacement) {
        String id = replacement.id();
        if (id != null && !id.equals(existing.id())) {
            throw ScimException.invalidValue("id " + id + " in the body does not match the resource's id "
                    + existing.id());
        }
        ObjectNode root = replacement.toJson();
        root.remove("id");
        JsonNode old = Access.json(existing);
        // readOnly attributes (id, meta, groups, manager.displayName, ...) are the server's: carry them over.
        carryReadOnly(old, root, core, true);
        for (SchemaExtension ext : type.schemaExtensions()) {
            if (old.get(ext.schema()) instanceof ObjectNode oldExtension) {
                Schema schema = Objects.requireNonNull(registry.schema(ext.schema()));
                ObjectNode newExtension = root.get(ext.schema()) instanceof ObjectNode o ? o : NODES.objectNode();
                carryReadOnly(oldExtension, newExtension, schema, false);
                if (!newExtension.isEmpty()) {
                    root.set(ext.schema(), newExtension);
                }
            }
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            AttributeDefinition attribute = topLevel(name);
            if (attribute != null && attribute.mutability() == Mutability.READ_ONLY && !old.has(name)) {
                it.remove();
            }
        }
        return finish(existing, root);
    }

    private void carryReadOnly(JsonNode old, ObjectNode now, Schema schema, boolean withCommon) {
        for (Iterator<Map.Entry<String, JsonNode>> it = old.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition attribute = schema.attribute(field.getKey());
            if (attribute == null && withCommon) {
                attribute = registry.commonAttributes().attribute(field.getKey());
            }
            if (attribute == null) {
                continue;
            }
            if (attribute.mutability() == Mutability.READ_ONLY) {
                now.set(field.getKey(), field.getValue().deepCopy());
            } else if (attribute.isComplex() && !attribute.multiValued()
                    && now.get(field.getKey()) instanceof ObjectNode target) {
                for (AttributeDefinition sub : attribute.subAttributes()) {
                    JsonNode value = field.getValue().get(sub.name());
                    if (sub.mutability() == Mutability.READ_ONLY && value != null) {
                        target.set(sub.name(), value.deepCopy());
                    }
                }
            }
        }
    }

    private @Nullable AttributeDefinition topLevel(String name) {
        AttributeDefinition attribute = core.attribute(name);
        return attribute != null ? attribute : registry.commonAttributes().attribute(name);
    }

    /** Schemas, required attributes, immutability, and the change set. */
    private PatchResult finish(ScimResource before, ObjectNode root) {
        syncSchemas(root);
        for (AttributeDefinition attribute : core.attributes()) {
            if (attribute.required() && attribute.mutability() != Mutability.READ_ONLY
                    && !ScimResource.isAssigned(root.path(attribute.name()))) {
                throw ScimException.invalidValue(attribute.name() + " is required and cannot be removed");
            }
        }
        ChangeSet changes = ChangeSet.between(Access.json(before), root);
        for (AttributeChange change : changes.changes()) {
            ResolvedAttribute resolved = registry.resolve(type, change.path());
            if (resolved == null) {
                continue;
            }
            AttributeDefinition attribute = resolved.attribute();
            if (attribute.mutability() == Mutability.READ_ONLY) {
                throw ScimException.of(ScimType.MUTABILITY, change.path() + " is readOnly");
            }
            if (attribute.mutability() == Mutability.IMMUTABLE && change.before().isPresent()) {
                throw ScimException.of(ScimType.MUTABILITY, change.path() + " is immutable and already set");
            }
        }
        return new PatchResult(changes.isEmpty() ? before : Access.wrap(root), changes);
    }

    /** Lists present extensions in {@code schemas} and drops empty ones with their URNs. */
    private void syncSchemas(ObjectNode root) {
        ArrayNode schemas = root.get("schemas") instanceof ArrayNode shared ? shared.deepCopy() : NODES.arrayNode();
        root.set("schemas", schemas);
        if (schemas.isEmpty()) {
            schemas.add(type.schema());
        }
        for (SchemaExtension ext : type.schemaExtensions()) {
            JsonNode value = root.get(ext.schema());
            boolean present = value != null && value.isObject() && !value.isEmpty();
            if (value != null && !present) {
                root.remove(ext.schema());
            }
            int index = -1;
            for (int i = 0; i < schemas.size(); i++) {
                if (schemas.get(i).asText().equals(ext.schema())) {
                    index = i;
                }
            }
            if (present && index < 0) {
                schemas.add(ext.schema());
            } else if (!present && index >= 0) {
                schemas.remove(index);
            }
        }
    }

    // ---- operations without a path: the value is an object of attributes ----

    private void applyObject(Draft draft, PatchOp op, JsonNode value, String where) {
        ObjectNode root = draft.root();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
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
                    throw ScimException.of(ScimType.INVALID_PATH, where + ".value: \"" + key
                            + "\" is a path, not an attribute name");
                }
                applyPath(draft, op, FilterParser.parsePath(key, FilterOptions.lenient()), v, where + ".value");
            } else {
                ResolvedAttribute resolved = resolveOrNull(null, key, null);
                if (resolved == null) {
                    if (!options.coerceValues()) {
                        throw ScimException.of(ScimType.INVALID_PATH, where + ".value: " + key
                                + " is not an attribute of " + type.name());
                    }
                    continue;
                }
                applyTarget(draft, op, resolved, null, v, where + ".value." + resolved.canonicalPath());
            }
        }
    }

    private void applyExtensionRoot(Draft draft, PatchOp op, String urn, @Nullable JsonNode value,
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
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition attribute = schema.attribute(field.getKey());
            if (attribute == null) {
                if (!options.coerceValues()) {
                    throw ScimException.of(ScimType.INVALID_PATH, where + ": " + field.getKey()
                            + " is not an attribute of " + urn);
                }
                continue;
            }
            applyTarget(draft, op, new ResolvedAttribute(schema.id(), true, attribute, null), null,
                    field.getValue(), where + "." + attribute.name());
        }
    }

    // ---- operations with a path ----

    private void applyPath(Draft draft, PatchOp op, PatchPath path, @Nullable JsonNode value, String where) {
        ObjectNode root = draft.root();
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
            throw ScimException.of(ScimType.INVALID_PATH, where + ": " + path + " is not an attribute of "
                    + type.name());
        }
        applyTarget(draft, op, resolved, path.valueFilter(), value, where + " (" + path + ")");
    }

    /** Resolves a path; leniently, an unqualified name that is not a core attribute may be an extension's. */
    private @Nullable ResolvedAttribute resolveOrNull(@Nullable String urn, String name, @Nullable String sub) {
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

    private void applyTarget(Draft draft, PatchOp op, ResolvedAttribute target, @Nullable Filter filter,
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
        } else if (clears) {
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
    private void checkReadOnly(ObjectNode container, ResolvedAttribute target, @Nullable Filter filter, PatchOp op,
            @Nullable JsonNode value, String where) {
        if (options.tolerateUnchangedReadOnly() && op != PatchOp.REMOVE && filter == null
                && target.subAttribute() == null && value != null) {
            JsonNode current = container.get(target.attribute().name());
            JsonNode given = Access.resources().readValue(reader, value, target.attribute(), target.canonicalPath(), false);
            if (given.equals(current) || (current != null && given.isValueNode()
                    && given.asText().equals(current.asText()))) {
                return;
            }
        }
        throw ScimException.of(ScimType.MUTABILITY, where + ": " + target.canonicalPath() + " is readOnly");
    }

    private void applySub(ObjectNode container, PatchOp op, AttributeDefinition attribute, AttributeDefinition sub,
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

    private void applyFiltered(ObjectNode container, PatchOp op, ResolvedAttribute target, Filter filter,
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
        if (array != null && wanted != null) {
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
                Set<JsonNode> doomed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
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
            v = Access.resources().readValue(reader, value, sub, name + "[" + filter + "]." + sub.name(), true);
        } else {
            v = Access.resources().readElement(reader, value, attribute, name + "[" + filter + "]", true);
        }
        if (v != null && v.isNull()) {
            v = null;
        }
        if (matches.isEmpty()) {
            if (v == null) {
                return;
            }
            if (!options.createOnAbsent()) {
                throw ScimException.of(ScimType.NO_TARGET, where + ": no value of " + name + " matches " + filter);
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
    private static @Nullable Set<String> valueEqualities(Filter filter, boolean caseExact) {
        Set<String> values = new HashSet<>();
        if (filter instanceof io.scimlab.core.filter.Or or) {
            for (Filter operand : or.filters()) {
                if (!addValueEquality(operand, values, caseExact)) {
                    return null;
                }
            }
            return values;
        }
        return addValueEquality(filter, values, caseExact) ? values : null;
    }

    private static boolean addValueEquality(Filter filter, Set<String> values, boolean caseExact) {
        if (filter instanceof Comparison c && c.op() == CompareOp.EQ && c.path().schemaUrn() == null
                && c.path().subAttribute() == null && c.path().name().equalsIgnoreCase("value")
                && c.value().isTextual()) {
            values.add(key(c.value().asText(), caseExact));
            return true;
        }
        return false;
    }

    /** The element a filter such as {@code type eq "work"} describes, for create-on-absent. */
    private static ObjectNode elementFrom(Filter filter, String where) {
        ObjectNode element = NODES.objectNode();
        collectEquals(filter, element, where);
        return element;
    }

    private static void collectEquals(Filter filter, ObjectNode element, String where) {
        if (filter instanceof And and) {
            for (Filter operand : and.filters()) {
                collectEquals(operand, element, where);
            }
        } else if (filter instanceof Comparison c && c.op() == CompareOp.EQ && c.path().schemaUrn() == null
                && c.path().subAttribute() == null && !c.value().isNull()) {
            element.set(c.path().name(), c.value());
        } else {
            throw ScimException.of(ScimType.NO_TARGET, where + ": no value matches " + filter
                    + ", and it is not a filter of equalities a new value could be made from");
        }
    }

    // ---- multi-valued helpers ----

    /** Appends values, merging an element into an existing one with the same {@code value}. */
    private void append(ObjectNode container, AttributeDefinition attribute, ArrayNode values) {
        String name = attribute.name();
        ArrayNode array = container.get(name) instanceof ArrayNode a ? a : container.putArray(name);
        List<ObjectNode> touched = new ArrayList<>();
        if (attribute.isComplex() && attribute.subAttribute("value") != null) {
            boolean caseExact = attribute.subAttribute("value").caseExact();
            Map<String, ObjectNode> byValue = new HashMap<>(array.size() * 2);
            for (JsonNode element : array) {
                JsonNode v = element.get("value");
                if (v != null && element instanceof ObjectNode o) {
                    byValue.putIfAbsent(key(v.asText(), caseExact), o);
                }
            }
            for (JsonNode element : values) {
                ObjectNode incoming = (ObjectNode) element;
                JsonNode v = incoming.get("value");
                ObjectNode existing = v == null ? null : byValue.get(key(v.asText(), caseExact));
                if (existing != null) {
                    existing.setAll(incoming);
                    touched.add(existing);
                } else if (!contains(array, incoming)) {
                    array.add(incoming);
                    touched.add(incoming);
                    if (v != null) {
                        byValue.put(key(v.asText(), caseExact), incoming);
                    }
                }
            }
        } else {
            Set<JsonNode> present = new HashSet<>();
            array.forEach(present::add);
            for (JsonNode element : values) {
                if (present.add(element)) {
                    array.add(element);
                    if (element instanceof ObjectNode o) {
                        touched.add(o);
                    }
                }
            }
        }
        normalisePrimary(array, touched);
    }

    private static boolean contains(ArrayNode array, JsonNode element) {
        // Only reached for elements without a "value"; such lists are short (addresses).
        for (JsonNode e : array) {
            if (e.equals(element)) {
                return true;
            }
        }
        return false;
    }

    /** Entra: {@code remove members} with {@code value: [{"value": "id"}]} removes only those members. */
    private void removeByValue(ObjectNode container, AttributeDefinition attribute, JsonNode value, String where) {
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

    private static void removeValues(ObjectNode container, String name, Set<String> doomed, boolean caseExact) {
        if (!(container.get(name) instanceof ArrayNode array)) {
            return;
        }
        ArrayNode kept = NODES.arrayNode(array.size());
        for (JsonNode element : array) {
            JsonNode v = element.get("value");
            if (v == null || !doomed.contains(key(v.asText(), caseExact))) {
                kept.add(element);
            }
        }
        setOrRemove(container, name, kept);
    }

    /**
     * Batches consecutive {@code remove attr[value eq "x"]} operations on one attribute into a single pass.
     *
     * @return how many operations were applied, 0 when operation {@code i} does not start such a run
     */
    private int removeValueBatch(ObjectNode root, List<PatchOperation> ops, int i) {
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
    private static @Nullable String removeByValueFilter(PatchOperation op) {
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

    /** When a touched element became primary, the others stop being primary (RFC 7643 §2.4). */
    private static void normalisePrimary(ArrayNode array, List<ObjectNode> touched) {
        ObjectNode primary = null;
        for (ObjectNode element : touched) {
            if (element.path("primary").asBoolean(false)) {
                primary = element;
            }
        }
        if (primary == null && touched.isEmpty()) {
            for (JsonNode element : array) {
                if (element.path("primary").asBoolean(false)) {
                    primary = (ObjectNode) element;
                }
            }
        }
        if (primary == null) {
            return;
        }
        for (JsonNode element : array) {
            if (element != primary && element instanceof ObjectNode o && o.path("primary").asBoolean(false)) {
                o.remove("primary");
            }
        }
    }

    private static void dropEmptyElements(ObjectNode container, String name, ArrayNode array) {
        boolean anyEmpty = false;
        for (JsonNode e : array) {
            anyEmpty |= e.isEmpty();
        }
        if (!anyEmpty) {
            return;
        }
        ArrayNode kept = NODES.arrayNode(array.size());
        array.forEach(e -> {
            if (!e.isEmpty()) {
                kept.add(e);
            }
        });
        setOrRemove(container, name, kept);
    }

    private static void setOrRemove(ObjectNode container, String name, ArrayNode array) {
        if (array.isEmpty()) {
            container.remove(name);
        } else {
            container.set(name, array);
        }
    }

    /**
     * The resource being patched: a shallow copy of the original whose attributes are deep-copied the first time an
     * operation touches them ({@link #own}), so untouched attributes stay shared (and immutable) with the original.
     */
    private record Draft(ObjectNode root, Set<JsonNode> owned) {
        static Draft of(JsonNode original) {
            ObjectNode root = NODES.objectNode();
            root.setAll((ObjectNode) original);
            return new Draft(root, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        }

        /** Makes the container's attribute safe to change in place. */
        void own(ObjectNode container, String name) {
            JsonNode current = container.get(name);
            if (current != null && current.isContainerNode() && !owned.contains(current)) {
                JsonNode copy = current.deepCopy();
                container.set(name, copy);
                owned.add(copy);
            }
        }

        /** The extension object, owned (shallow-copied) by the draft, or null when absent and not created. */
        @Nullable ObjectNode extension(String urn, boolean create) {
            JsonNode node = root.get(urn);
            if (node instanceof ObjectNode object) {
                if (owned.contains(object)) {
                    return object;
                }
                ObjectNode copy = NODES.objectNode();
                copy.setAll(object);
                root.set(urn, copy);
                owned.add(copy);
                return copy;
            }
            if (!create) {
                return null;
            }
            ObjectNode created = root.putObject(urn);
            owned.add(created);
            return created;
        }
    }


    private static String key(String value, boolean caseExact) {
        return caseExact ? value : value.toLowerCase(Locale.ROOT);
    }
}
