package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scimlab.core.resource.TypedLayout.Field;
import io.scimlab.core.resource.TypedLayout.Slot;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaExtension;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads one resource type's bodies straight into slot arrays that a typed record is built from, by the
 * {@link ResourceRules} and {@link ValueRules} that {@link ResourceReader} reads trees by. Slots
 * {@code 0..n-1} hold the core and common attributes; slot {@code n + i} holds the slots of the type's
 * {@code i}-th extension when the body carries it.
 */
final class TypedResourceReader {
    private final SchemaRegistry registry;
    private final ResourceTypeDefinition type;
    private final Schema core;
    private final TypedLayout top;
    private final List<AttributeDefinition> required;
    private final List<SchemaExtension> extensions;
    private final TypedLayout[] extensionLayouts;
    private final Map<String, Integer> extensionIndex = new HashMap<>();

    /**
     * Lays out a resource type.
     *
     * @param slotNames the names of the core (and common) attributes the record holds, in slot order
     * @param slots what each slot holds, built with a lookup of core and common attributes by canonical name
     * @param extensionSlots for an extension URN, the layout of the record it becomes (null: none, read and
     *     dropped)
     */
    TypedResourceReader(SchemaRegistry registry, ResourceTypeDefinition type, List<String> slotNames,
            Function<Function<String, @Nullable AttributeDefinition>, Slot[]> slots,
            Function<Schema, @Nullable TypedLayout> extensionSlots) {
        this.registry = registry;
        this.type = type;
        this.core = Objects.requireNonNull(registry.schema(type.schema()), type.schema());
        List<AttributeDefinition> attributes = new ArrayList<>(core.attributes());
        attributes.addAll(registry.commonAttributes().attributes());
        Function<String, @Nullable AttributeDefinition> resolve = n -> ResourceRules.coreAttribute(registry, core, n);
        this.top = new TypedLayout(attributes, resolve, indexes(slotNames), slots.apply(resolve), "");
        this.required = ResourceRules.required(core);
        this.extensions = type.schemaExtensions();
        this.extensionLayouts = new TypedLayout[extensions.size()];
        for (int i = 0; i < extensions.size(); i++) {
            Schema schema = Objects.requireNonNull(registry.schema(extensions.get(i).schema()));
            TypedLayout layout = extensionSlots.apply(schema);
            extensionLayouts[i] = layout != null ? layout : layout(schema, List.of(), new Slot[0]);
            extensionIndex.put(schema.id(), i);
        }
    }

    /** The layout of a schema's attributes (an extension's, named by their URN-qualified paths in errors). */
    static TypedLayout layout(Schema schema, List<String> slotNames, Slot[] slots) {
        return new TypedLayout(schema.attributes(), schema::attribute, indexes(slotNames), slots, schema.id() + ":");
    }

    /** The layout of a complex attribute's sub-attributes, every slot simple. */
    static @Nullable TypedLayout subs(@Nullable AttributeDefinition attribute, List<String> slotNames) {
        if (attribute == null || !attribute.isComplex()) {
            return null;
        }
        Slot[] slots = new Slot[slotNames.size()];
        java.util.Arrays.fill(slots, Slot.simple());
        return new TypedLayout(attribute.subAttributes(), attribute::subAttribute, indexes(slotNames), slots, "");
    }

    static Map<String, Integer> indexes(List<String> names) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i).toLowerCase(Locale.ROOT), i);
        }
        return map;
    }

    /** The slot of the extension of a URN among the resource's slots, or -1 when the type has no such extension. */
    int extensionSlot(String urn) {
        Integer index = extensionIndex.get(urn);
        return index == null ? -1 : top.slots.length + index;
    }

    /** Reads a full representation (read-only attributes kept) into slots. */
    @Nullable Object[] read(ReadCursor c) throws IOException {
        ResourceRules.startResource(c);
        JsonParser p = c.p;
        int n = top.slots.length;
        @Nullable Object[] values = new Object[n + extensions.size()];
        // Attributes without a slot that are assigned (by name), and extensions without a layout (by URN): rare.
        Set<String> others = new HashSet<>(0);
        List<String> schemas = new ArrayList<>(2);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            Field field = top.exact(key);
            if (field != null) {
                put(c, top, field, values, others);
                continue;
            }
            if (key.equalsIgnoreCase("schemas")) {
                ResourceRules.readSchemas(c, registry, type, schemas);
                continue;
            }
            if (key.regionMatches(true, 0, "urn:", 0, 4)) {
                readExtension(c, key, values, others);
                continue;
            }
            field = top.find(key);
            if (field == null) {
                c.unknown("", key);
                continue;
            }
            put(c, top, field, values, others);
        }
        ResourceRules.finishSchemas(c, type, schemas, urn -> extensionSlot(urn) >= 0
                && values[extensionSlot(urn)] != null);
        ResourceRules.checkRequired(required, a -> isPresent(top, a, values, others), "");
        return values;
    }

    private static boolean isPresent(TypedLayout layout, AttributeDefinition a, @Nullable Object[] values,
            Set<String> others) {
        Field field = layout.field(a);
        return (field != null && field.slot() >= 0) ? values[field.slot()] != null : others.contains(a.name());
    }

    private static void put(ReadCursor c, TypedLayout layout, Field field, @Nullable Object[] values, Set<String> others)
            throws IOException {
        if (!ResourceRules.keepAttribute(c, field.definition())) {
            return;
        }
        c.push(field.path());
        Object value = TypedLayout.read(c, field, layout);
        c.pop();
        // As in the tree, a later member of the same name replaces an earlier one, and null unassigns it.
        if (field.slot() >= 0) {
            values[field.slot()] = value;
        } else if (value != null) {
            others.add(field.definition().name());
        } else {
            others.remove(field.definition().name());
        }
    }

    private void readExtension(ReadCursor c, String key, @Nullable Object[] values, Set<String> others)
            throws IOException {
        Schema schema = ResourceRules.extension(c, registry, type, key);
        if (schema == null) {
            return;
        }
        JsonParser p = c.p;
        if (schema.id().equals(type.schema())) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                AttributeDefinition attribute = schema.attribute(name);
                if (attribute == null) {
                    c.unknown(schema.id() + ":", name);
                    continue;
                }
                put(c, top, Objects.requireNonNull(top.field(attribute)), values, others);
            }
            return;
        }
        String urn = schema.id();
        int slot = extensionSlot(urn);
        TypedLayout layout = extensionLayouts[slot - top.slots.length];
        Object[] extension = new Object[layout.slots.length];
        Set<String> extensionOthers = new HashSet<>(0);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            Field field = layout.find(name);
            if (field == null) {
                c.unknown(urn + ":", name);
                continue;
            }
            put(c, layout, field, extension, extensionOthers);
        }
        boolean assigned = !extensionOthers.isEmpty();
        for (Object value : extension) {
            assigned |= value != null;
        }
        if (assigned) {
            ResourceRules.checkRequired(ResourceRules.required(schema),
                    a -> isPresent(layout, a, extension, extensionOthers), urn + ":");
            values[slot] = extension;
        }
    }
}
