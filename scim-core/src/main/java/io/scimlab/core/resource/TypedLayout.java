package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonToken;
import io.scimlab.core.schema.AttributeDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where the attributes of one schema (or the sub-attributes of one complex attribute) go in a typed record, and
 * the reading of their values by the {@link ValueRules} straight into the record's components.
 *
 * <p>Names are resolved by the schema, case-insensitively; the exact-case map in front of it is only a fast
 * path (Jackson hands out the same interned name for every document, and it is almost always the canonical
 * one). An attribute the record has no component for (or whose shape the component cannot hold) has slot -1: it
 * is still read and validated, into a tree that is then dropped, exactly as the typed views drop it.
 */
final class TypedLayout {
    /** A slot holds a simple value (String, Boolean, Long or BigDecimal). */
    static final int SIMPLE = 0;
    /** A slot holds one record built from a complex value. */
    static final int OBJECT = 1;
    /** A slot holds a list of records built from a multi-valued complex attribute. */
    static final int LIST = 2;

    /** One attribute: its definition, its slot (-1: none) and the path segment errors name it by. */
    record Field(AttributeDefinition definition, int slot, String path) {}

    /** What a slot holds: its kind and, for complex values, their layout and the record they become. */
    record Slot(int kind, @Nullable TypedLayout subs, @Nullable Function<@Nullable Object[], Object> make) {
        static Slot simple() {
            return new Slot(SIMPLE, null, null);
        }
    }

    // Keyed by identity: Jackson hands out interned names, and so do we (String.intern), so that the common
    // case costs no hashing of the name's characters; any other instance falls back to the schema's lookup.
    private final IdentityHashMap<String, Field> exact = new IdentityHashMap<>();
    private final IdentityHashMap<AttributeDefinition, Field> byDefinition = new IdentityHashMap<>();
    private final Function<String, @Nullable AttributeDefinition> resolve;
    final Slot[] slots;

    /**
     * Lays out attributes.
     *
     * @param attributes the attributes, in schema order
     * @param resolve the schema's case-insensitive lookup
     * @param slots the slot of a canonical name with what it holds (slot index = array index), null for none
     * @param pathPrefix prepended to names in error paths (an extension's {@code urn:...:})
     */
    // Identity on purpose (see exact): only the definition the schema's own lookup returns takes the fast path.
    @SuppressWarnings("ReferenceEquality")
    TypedLayout(List<AttributeDefinition> attributes, Function<String, @Nullable AttributeDefinition> resolve,
            Map<String, Integer> slotOfName, Slot[] slots, String pathPrefix) {
        this.resolve = resolve;
        this.slots = slots;
        for (AttributeDefinition a : attributes) {
            Integer slot = slotOfName.get(a.name().toLowerCase(java.util.Locale.ROOT));
            int index = slot != null && fits(a, slots[slot].kind()) ? slot : -1;
            Field field = new Field(a, index, pathPrefix + a.name());
            byDefinition.put(a, field);
            // Names a resource reader treats specially before looking attributes up stay off the fast path.
            boolean special = a.name().equalsIgnoreCase("schemas") || a.name().regionMatches(true, 0, "urn:", 0, 4);
            if (resolve.apply(a.name()) == a && !special) {
                exact.put(a.name().intern(), field);
            }
        }
    }

    private static boolean fits(AttributeDefinition a, int kind) {
        return switch (kind) {
            case SIMPLE -> !a.isComplex() && !a.multiValued();
            case OBJECT -> a.isComplex() && !a.multiValued();
            default -> a.isComplex() && a.multiValued();
        };
    }

    /** The attribute of a name as sent, in any case; null when there is none. */
    @Nullable Field find(String name) {
        Field field = exact.get(name);
        if (field != null) {
            return field;
        }
        AttributeDefinition a = resolve.apply(name);
        return a == null ? null : byDefinition.get(a);
    }

    /**
     * The attribute of a name that is exactly an interned canonical name, else null: the fast path, on which a
     * name is neither {@code schemas} nor a URN.
     */
    @Nullable Field exact(String name) {
        return exact.get(name);
    }

    /** The field of a definition of this layout. */
    @Nullable Field field(AttributeDefinition definition) {
        return byDefinition.get(definition);
    }

    /**
     * Reads the value at the current token for a field (its path pushed): the slot's value, or for a field
     * without a slot, the validated tree (which the caller only tests for null); null when unassigned.
     */
    static @Nullable Object read(ReadCursor c, Field field, @Nullable TypedLayout owner) throws IOException {
        AttributeDefinition a = field.definition();
        if (field.slot() < 0 || owner == null) {
            return TreeValues.readAttribute(c, a);
        }
        if (c.p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        Slot slot = owner.slots[field.slot()];
        if (slot.kind() == SIMPLE) {
            ValueRules.isArray(c, a);
            return ValueRules.simple(c, a);
        }
        // Only a SIMPLE slot is without sub-attributes and a maker (Slot).
        TypedLayout subs = Objects.requireNonNull(slot.subs(), "subs");
        Function<@Nullable Object[], Object> make = Objects.requireNonNull(slot.make(), "make");
        if (!ValueRules.isArray(c, a)) {
            @Nullable Object[] values = subs.readComplex(c, a);
            if (values == null) {
                return null;
            }
            return slot.kind() == OBJECT ? make.apply(values) : List.of(make.apply(values));
        }
        List<Object> list = new ArrayList<>();
        int index = 0;
        while (c.p.nextToken() != JsonToken.END_ARRAY) {
            c.push(index);
            ValueRules.checkElement(c);
            @Nullable Object[] values = c.p.currentToken() == JsonToken.VALUE_NULL ? null : subs.readComplex(c, a);
            if (values != null) {
                list.add(make.apply(values));
            }
            c.pop();
            index++;
        }
        return list.isEmpty() ? null : list;
    }

    /** Reads a (non-null) complex value into this layout's slots; null when it is unassigned. */
    private @Nullable Object @Nullable [] readComplex(ReadCursor c, AttributeDefinition attribute) throws IOException {
        @Nullable Object[] values = new Object[slots.length];
        if (c.p.currentToken() != JsonToken.START_OBJECT) {
            AttributeDefinition valueSub = ValueRules.bareValue(c, attribute);
            c.push("value");
            Object value = ValueRules.simple(c, valueSub);
            c.pop();
            Field field = byDefinition.get(valueSub);
            if (field != null && field.slot() >= 0) {
                values[field.slot()] = value;
            }
            return values;
        }
        boolean any = false;
        while (c.p.nextToken() == JsonToken.FIELD_NAME) {
            String name = c.p.currentName();
            c.p.nextToken();
            Field field = find(name);
            if (!ValueRules.keepSub(c, attribute, field == null ? null : field.definition(), name)
                    || field == null) { // keepSub is false for a null field
                continue;
            }
            c.push(field.definition().name());
            Object value = read(c, field, this);
            c.pop();
            if (value != null) {
                any = true;
                if (field.slot() >= 0) {
                    values[field.slot()] = value;
                }
            }
        }
        return any ? values : null;
    }

    /** A slot's value as the typed views read text: the text of any simple value. */
    static java.util.Optional<String> text(@Nullable Object value) {
        return value == null ? java.util.Optional.empty() : java.util.Optional.of(value.toString());
    }

    /** A slot's value as the typed views read a flag: true, or text or a number that reads as true. */
    static boolean isTrue(@Nullable Object value) {
        if (value instanceof Boolean b) {
            return b;
        } else if (value instanceof Long n) {
            return n != 0;
        } else if (value instanceof String s) {
            return s.trim().equals("true");
        }
        return false;
    }
}
