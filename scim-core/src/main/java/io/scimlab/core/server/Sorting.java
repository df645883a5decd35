package io.scimlab.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.AttributeType;
import io.scimlab.core.schema.ResolvedAttribute;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Schema-aware sort keys (RFC 7644 §3.4.2.3): case-insensitive strings unless {@code caseExact}, dateTimes as
 * instants, numbers as numbers; for a multi-valued attribute the primary value, else the first. Resources
 * without a value sort last in either order; ties are broken by resource type and id, so pages are stable.
 * Package-private.
 */
final class Sorting {
    private Sorting() {}

    /** A candidate of a list: the resource, its type and its sort key (null when unsorted or missing). */
    record Hit(ScimResource resource, TypeRuntime type, @Nullable Comparable<?> key, String id) {}

    static Comparator<Hit> comparator(boolean sorted, boolean descending) {
        Comparator<Hit> tiebreak = Comparator.comparing((Hit h) -> h.type().type().name())
                .thenComparing(Hit::id);
        if (!sorted) {
            return tiebreak;
        }
        return ((Comparator<Hit>) (a, b) -> compareKeys(a.key(), b.key(), descending)).thenComparing(tiebreak);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(@Nullable Comparable a, @Nullable Comparable b, boolean descending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        int cmp = a.getClass() == b.getClass() ? a.compareTo(b)
                : a.getClass().getName().compareTo(b.getClass().getName());
        return descending ? -cmp : cmp;
    }

    /** The sort key of a resource for a resolved sortBy attribute, or null when it has no value. */
    static @Nullable Comparable<?> key(ScimResource resource, String path, ResolvedAttribute attribute) {
        AttributeDefinition definition = attribute.subAttribute() != null ? attribute.subAttribute()
                : attribute.attribute();
        JsonNode value = resource.get(path);
        if (value.isArray()) {
            JsonNode chosen = null;
            for (JsonNode element : value) {
                if (chosen == null || element.path("primary").asBoolean(false)) {
                    chosen = element;
                }
            }
            value = chosen == null ? value.path(0) : chosen;
        }
        if (value.isObject()) {
            definition = attribute.attribute().subAttribute("value");
            value = ScimResource.member(value, "value");
            if (definition == null) {
                return null;
            }
        }
        if (value.isMissingNode() || value.isNull() || value.isContainerNode()) {
            return null;
        }
        AttributeType type = definition.type();
        if (type == AttributeType.INTEGER || type == AttributeType.DECIMAL) {
            return value.isNumber() ? value.decimalValue() : parseDecimal(value.asText());
        }
        if (type == AttributeType.BOOLEAN) {
            return value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText());
        }
        if (type == AttributeType.DATE_TIME) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                return value.asText();
            }
        }
        String text = value.asText();
        return definition.caseExact() ? text : text.toLowerCase(Locale.ROOT);
    }

    private static @Nullable BigDecimal parseDecimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
