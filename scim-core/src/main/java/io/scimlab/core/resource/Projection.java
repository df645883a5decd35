package io.scimlab.core.resource;

import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.ResolvedAttribute;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Returned;
import io.scimlab.core.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which attributes a response carries: the {@code attributes} and {@code excludedAttributes} query parameters
 * of RFC 7644 §3.4.2.5 and §3.9, resolved against a resource type.
 *
 * <p>With {@code attributes}, a response holds the named attributes (a complex attribute with all its
 * sub-attributes, or only the named sub-attributes) plus those returned {@code always}. With
 * {@code excludedAttributes}, it holds the default set without the named ones. Attributes returned
 * {@code never} (a password) are never written; those returned {@code request} only when named. Names are
 * matched case-insensitively, may be URN-qualified ({@code urn:...:enterprise:2.0:User:manager}) or name a
 * whole extension by its URN. Names that match no attribute are ignored, as are value filters some clients
 * append ({@code emails[type eq "work"]} selects {@code emails}).
 *
 * <p>Immutable. {@link #ALL} is the default projection.
 */
public final class Projection {
    /** The default projection: every attribute returned by default. */
    public static final Projection ALL = new Projection(null, Map.of());

    /** Attribute key -> selected sub-attribute names (lower case); an empty set selects the whole attribute. */
    private final @Nullable Map<String, Set<String>> included;
    private final Map<String, Set<String>> excluded;

    private Projection(@Nullable Map<String, Set<String>> included, Map<String, Set<String>> excluded) {
        this.included = included;
        this.excluded = excluded;
    }

    /**
     * Resolves the comma-separated {@code attributes} and {@code excludedAttributes} parameters.
     *
     * @param attributes the {@code attributes} parameter, or null / blank when absent
     * @param excludedAttributes the {@code excludedAttributes} parameter, or null / blank when absent
     * @param type the resource type the response holds
     * @param registry the schemas
     * @return the projection
     */
    public static Projection parse(@Nullable String attributes, @Nullable String excludedAttributes,
            ResourceTypeDefinition type, SchemaRegistry registry) {
        return of(split(attributes), split(excludedAttributes), type, registry);
    }

    /**
     * Resolves lists of attribute paths.
     *
     * @param attributes the attributes to return (empty for the default set)
     * @param excludedAttributes the attributes to leave out
     * @param type the resource type the response holds
     * @param registry the schemas
     * @return the projection
     */
    public static Projection of(Collection<String> attributes, Collection<String> excludedAttributes,
            ResourceTypeDefinition type, SchemaRegistry registry) {
        if (attributes.isEmpty() && excludedAttributes.isEmpty()) {
            return ALL;
        }
        Map<String, Set<String>> included = attributes.isEmpty() ? null : resolveAll(attributes, type, registry);
        return new Projection(included, resolveAll(excludedAttributes, type, registry));
    }

    private static List<String> split(@Nullable String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return List.of();
        }
        List<String> list = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < parameter.length(); i++) {
            char c = parameter.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                list.add(parameter.substring(start, i));
                start = i + 1;
            }
        }
        list.add(parameter.substring(start));
        return list;
    }

    private static Map<String, Set<String>> resolveAll(Collection<String> paths, ResourceTypeDefinition type,
            SchemaRegistry registry) {
        Map<String, Set<String>> map = new HashMap<>();
        for (String raw : paths) {
            String path = stripValueFilter(raw.trim());
            if (path.isEmpty()) {
                continue;
            }
            if (path.regionMatches(true, 0, "urn:", 0, 4)) {
                String urn = registry.schemaPrefix(type, path);
                if (urn != null && path.length() == urn.length()) {
                    if (!urn.equals(type.schema())) {
                        map.put(key(urn), new HashSet<>());
                    }
                    continue;
                }
            }
            ResolvedAttribute resolved = registry.resolve(type, path);
            if (resolved == null) {
                continue;
            }
            String key = key(resolved.extension() ? resolved.schemaUrn() + ":" + resolved.attribute().name()
                    : resolved.attribute().name());
            Set<String> subs = map.get(key);
            if (resolved.subAttribute() == null) {
                map.put(key, new HashSet<>());
            } else if (subs == null) {
                Set<String> selected = new HashSet<>();
                selected.add(key(resolved.subAttribute().name()));
                map.put(key, selected);
            } else if (!subs.isEmpty()) {
                subs.add(key(resolved.subAttribute().name()));
            }
        }
        map.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        return Collections.unmodifiableMap(map);
    }

    private static String stripValueFilter(String path) {
        int open = path.indexOf('[');
        if (open < 0) {
            return path;
        }
        int close = path.lastIndexOf(']');
        return close > open ? path.substring(0, open) + path.substring(close + 1) : path.substring(0, open);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Whether this is the default projection. */
    public boolean isDefault() {
        return this == ALL || (included == null && excluded.isEmpty());
    }

    /**
     * Whether a top-level attribute is written.
     *
     * @param key the attribute name, URN-qualified for an extension attribute
     * @param extensionUrn the extension URN for an extension attribute, else null
     * @param attribute its definition
     * @return true when the response carries it
     */
    boolean includes(String key, @Nullable String extensionUrn, AttributeDefinition attribute) {
        Returned returned = attribute.returned();
        if (returned == Returned.NEVER) {
            return false;
        }
        if (returned == Returned.ALWAYS) {
            return true;
        }
        if (included == null && excluded.isEmpty()) {
            return returned == Returned.DEFAULT;
        }
        String lower = key(key);
        Set<String> excludedSubs = excluded.get(lower);
        if (excludedSubs != null && excludedSubs.isEmpty()) {
            return false;
        }
        if (extensionUrn != null && excluded.containsKey(key(extensionUrn))) {
            return false;
        }
        if (included == null) {
            return returned == Returned.DEFAULT;
        }
        return included.containsKey(lower) || (extensionUrn != null && included.containsKey(key(extensionUrn)));
    }

    /**
     * Whether a sub-attribute of an included attribute is written.
     *
     * @param key the parent attribute's key, as for {@link #includes}
     * @param parent the parent's definition
     * @param sub the sub-attribute's definition
     * @return true when the response carries it
     */
    boolean includesSub(String key, AttributeDefinition parent, AttributeDefinition sub) {
        Returned returned = sub.returned();
        if (returned == Returned.NEVER) {
            return false;
        }
        if (returned == Returned.ALWAYS || parent.returned() == Returned.ALWAYS) {
            return true;
        }
        if (included == null && excluded.isEmpty()) {
            return returned == Returned.DEFAULT;
        }
        String lower = key(key);
        String subKey = key(sub.name());
        Set<String> excludedSubs = excluded.get(lower);
        if (excludedSubs != null && excludedSubs.contains(subKey)) {
            return false;
        }
        Set<String> includedSubs = included == null ? null : included.get(lower);
        if (includedSubs != null && !includedSubs.isEmpty()) {
            return includedSubs.contains(subKey);
        }
        return returned == Returned.DEFAULT || (includedSubs != null && returned == Returned.REQUEST);
    }

    /**
     * Whether every sub-attribute of an included complex attribute is written, so that its value can be copied
     * as it is.
     */
    boolean includesAllSubs(String key, AttributeDefinition attribute) {
        for (AttributeDefinition sub : attribute.subAttributes()) {
            if (sub.returned() == Returned.NEVER || sub.returned() == Returned.REQUEST) {
                return false;
            }
        }
        if (this == ALL) {
            return true;
        }
        String lower = key(key);
        Set<String> excludedSubs = excluded.get(lower);
        if (excludedSubs != null && !excludedSubs.isEmpty()) {
            return false;
        }
        Set<String> includedSubs = included == null ? null : included.get(lower);
        return includedSubs == null || includedSubs.isEmpty();
    }

    @Override
    public String toString() {
        return "Projection{attributes=" + (included == null ? "default" : included) + ", excluded=" + excluded + "}";
    }
}
