package io.scimlab.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.filter.FilterEvaluator;
import io.scimlab.core.filter.FilterOptions;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>This class holds the request-level rules (atomicity, PUT, schemas, required and immutable attributes, the
 * change set); {@code PatchOperations} applies one operation, {@code MultiValued} the set semantics of
 * multi-valued attributes, and {@code Draft} the copy-on-write resource being patched.
 *
 * <p>Immutable and thread-safe; build one per resource type and options.
 */
public final class PatchEngine {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaRegistry registry;
    private final ResourceTypeDefinition type;
    private final PatchOptions options;
    private final Schema core;
    private final PatchOperations operations;

    private PatchEngine(ResourceReader values, ResourceTypeDefinition type, PatchOptions options) {
        this.registry = values.registry();
        this.type = Objects.requireNonNull(type, "type");
        this.options = Objects.requireNonNull(options, "options");
        this.core = Objects.requireNonNull(registry.schema(type.schema()), type.schema());
        this.operations = new PatchOperations(registry, type, options,
                values.toBuilder().strict(!options.coerceValues()).build(),
                FilterEvaluator.of(registry, type,
                        options.coerceValues() ? FilterOptions.lenient() : FilterOptions.strictRfc()));
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
        return new PatchEngine(ResourceReader.builder(registry).build(), type, options);
    }

    /**
     * An engine for one resource type that reads values within a reader's limits (string and name lengths,
     * nesting); whether values are coerced follows {@link PatchOptions#coerceValues()}, not the reader.
     *
     * @param values the reader whose registry and limits apply
     * @param type the resource type
     * @param options the compatibility options
     * @return the engine
     */
    public static PatchEngine of(ResourceReader values, ResourceTypeDefinition type, PatchOptions options) {
        return new PatchEngine(values, type, options);
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
            int batched = operations.removeValueBatch(root, ops, i);
            if (batched > 0) {
                i += batched;
                continue;
            }
            PatchOperation op = ops.get(i);
            String where = "Operations[" + i + "]";
            if (op.path().isPresent()) {
                operations.applyPath(draft, op.op(), op.path().get(), op.value().orElse(null), where);
            } else {
                operations.applyObject(draft, op.op(), op.value().orElseThrow(), where);
            }
            i++;
        }
        return finish(resource, root);
    }

    /**
     * Replaces a resource with a new representation (PUT, RFC 7644 §3.5.1): attributes left out are cleared,
     * readOnly attributes keep their current values whatever the request says, and immutable attributes that are
     * set must not change (400 {@code mutability}). An {@code id} in the body that differs from the resource's is
     * ignored like any readOnly value (RFC 7644 §3.5.1) when {@link PatchOptions#ignoreMismatchedId()}, else
     * (strict) 400 {@code mutability}.
     *
     * @param existing the current resource
     * @param replacement the new representation, as {@link ResourceReader#readRequest} read it
     * @return the new resource and the change set
     */
    public PatchResult replace(ScimResource existing, ScimResource replacement) {
        String id = replacement.id();
        if (id != null && !id.equals(existing.id()) && !options.ignoreMismatchedId()) {
            throw ScimException.of(ScimType.MUTABILITY, "id is readOnly: the body's id " + Excerpt.of(id)
                    + " is not the resource's id " + existing.id());
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
        for (Iterator<Map.Entry<String, JsonNode>> it = old.properties().iterator(); it.hasNext(); ) {
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

}
