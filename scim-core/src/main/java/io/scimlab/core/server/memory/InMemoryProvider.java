package io.scimlab.core.server.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.filter.And;
import io.scimlab.core.filter.CompareOp;
import io.scimlab.core.filter.Comparison;
import io.scimlab.core.filter.CompiledFilter;
import io.scimlab.core.filter.Filter;
import io.scimlab.core.filter.FilterEvaluator;
import io.scimlab.core.internal.Access;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.server.QueryResult;
import io.scimlab.core.server.RequestContext;
import io.scimlab.core.server.ResourceProvider;
import io.scimlab.core.server.ResourceQuery;
import io.scimlab.core.server.ResourceUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe in-memory {@link ResourceProvider} for one resource type, configured by a builder: unique
 * attributes (409 {@code uniqueness}, case-insensitive unless the schema says {@code caseExact}), indexed
 * attributes whose {@code eq} filters are answered from an index ({@link QueryResult#filtered}; other filters
 * are left to the server), reference checks for a multi-valued attribute such as {@code members} (an unknown
 * {@code value} is 400 {@code invalidValue}) and a hook on delete. {@link InMemoryDirectory} wires a User and a
 * Group provider together.
 *
 * <p>Ids are random UUIDs; {@code meta.created}, {@code meta.lastModified} and {@code meta.version} (a weak ETag
 * from a counter) are maintained. Updates check the base version and throw
 * {@link ResourceProvider#versionConflict(String)} when it is stale. Passwords are not stored.
 *
 * <p>It pages by cursor itself (RFC 9865, {@link #supportsCursor()}): resources are kept in id order and a cursor
 * is the last id of the page, opaque-encoded, so walking the pages while resources are added or removed never
 * repeats one and never skips one that exists throughout.
 *
 * <p>Reads are lock-free; writes take one lock per provider, which keeps uniqueness checks and indexes exact.
 */
public final class InMemoryProvider implements ResourceProvider {
    private final ResourceTypeDefinition type;
    private final Clock clock;
    private final Map<String, Boolean> unique;
    private final Map<String, Boolean> indexed;
    private final @Nullable String referenceAttribute;
    private final Predicate<String> referenceExists;
    private final Consumer<String> onDelete;

    private final FilterEvaluator filters;
    /** id -> resource, in id order (the stable order of cursor pages). */
    private final ConcurrentSkipListMap<String, ScimResource> resources = new ConcurrentSkipListMap<>();
    /** attribute -> index key -> ids. */
    private final Map<String, ConcurrentHashMap<String, Set<String>>> indexes = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong versions = new AtomicLong();

    private InMemoryProvider(Builder b) {
        this.type = b.type;
        this.clock = b.clock;
        Schema core = Objects.requireNonNull(b.registry.schema(type.schema()), type.schema());
        this.unique = caseExactness(core, b.unique);
        Map<String, Boolean> idx = new LinkedHashMap<>(caseExactness(core, b.indexed));
        idx.putAll(unique);
        this.indexed = Map.copyOf(idx);
        indexed.keySet().forEach(name -> indexes.put(name, new ConcurrentHashMap<>()));
        this.referenceAttribute = b.referenceAttribute;
        this.referenceExists = b.referenceExists;
        this.onDelete = b.onDelete;
        this.filters = FilterEvaluator.of(b.registry, type);
    }

    private static Map<String, Boolean> caseExactness(Schema core, List<String> names) {
        Map<String, Boolean> map = new LinkedHashMap<>();
        for (String name : names) {
            AttributeDefinition a = core.attribute(name);
            if (a != null) {
                map.put(a.name(), a.caseExact());
            } else if (name.equalsIgnoreCase("externalId")) {
                map.put("externalId", true);
            } else {
                throw new IllegalArgumentException("no attribute " + name + " in " + core.id());
            }
        }
        return map;
    }

    /**
     * A builder for a provider of a resource type.
     *
     * @param registry the schemas (for attribute case-exactness)
     * @param type the resource type served
     * @return the builder
     */
    public static Builder builder(SchemaRegistry registry, ResourceTypeDefinition type) {
        return new Builder(registry, type);
    }

    @Override
    public ResourceTypeDefinition resourceType() {
        return type;
    }

    /**
     * Whether a resource with the id exists.
     *
     * @param id the id
     * @return true when stored
     */
    public boolean contains(String id) {
        return resources.containsKey(id);
    }

    /** How many resources are stored. */
    public int size() {
        return resources.size();
    }

    @Override
    public ScimResource create(ScimResource resource, RequestContext context) {
        writeLock.lock();
        try {
            checkUnique(resource, null);
            checkReferences(resource, null);
            String id = UUID.randomUUID().toString();
            Instant now = clock.instant();
            ObjectNode json = resource.toJson();
            json.remove("password");
            json.put("id", id);
            ObjectNode meta = json.putObject("meta");
            meta.put("resourceType", type.name());
            meta.put("created", now.toString());
            meta.put("lastModified", now.toString());
            meta.put("version", nextVersion());
            ScimResource stored = Access.wrap(json);
            resources.put(id, stored);
            index(stored, id);
            return stored;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<ScimResource> get(String id, RequestContext context) {
        return Optional.ofNullable(resources.get(id));
    }

    @Override
    public ScimResource update(ResourceUpdate update, RequestContext context) {
        writeLock.lock();
        try {
            ScimResource current = resources.get(update.id());
            if (current == null) {
                throw ScimException.notFound(type.name() + " " + update.id() + " not found");
            }
            if (!current.meta().version().equals(update.before().meta().version())) {
                throw ResourceProvider.versionConflict(update.id());
            }
            checkUnique(update.after(), update.id());
            checkReferences(update.after(), current);
            ObjectNode json = update.after().toJson();
            json.remove("password");
            json.put("id", update.id());
            ObjectNode meta = json.putObject("meta");
            meta.put("resourceType", type.name());
            current.meta().created().ifPresent(c -> meta.put("created", c.toString()));
            meta.put("lastModified", clock.instant().toString());
            meta.put("version", nextVersion());
            ScimResource stored = Access.wrap(json);
            resources.put(update.id(), stored);
            reindex(current, stored, update.id());
            return stored;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void delete(String id, RequestContext context) {
        writeLock.lock();
        try {
            ScimResource removed = resources.remove(id);
            if (removed == null) {
                throw ScimException.notFound(type.name() + " " + id + " not found");
            }
            unindex(removed, id);
        } finally {
            writeLock.unlock();
        }
        // Outside the lock: the hook takes another provider's lock, and no lock is held while waiting for one.
        onDelete.accept(id);
    }

    /**
     * Removes every element of a multi-valued attribute whose {@code value} is the id, from every resource (a
     * deleted user leaves all groups); each changed resource gets a new version.
     *
     * @param attribute the multi-valued attribute, e.g. {@code members}
     * @param id the referenced id
     */
    public void removeReferences(String attribute, String id) {
        writeLock.lock();
        try {
            for (Map.Entry<String, ScimResource> e : resources.entrySet()) {
                JsonNode values = Access.json(e.getValue()).get(attribute);
                if (values == null || !values.isArray() || !containsValue(values, id)) {
                    continue;
                }
                ObjectNode json = e.getValue().toJson();
                ArrayNode kept = json.putArray(attribute);
                values.forEach(v -> {
                    if (!id.equals(v.path("value").asText(null))) {
                        kept.add(v);
                    }
                });
                if (kept.isEmpty()) {
                    json.remove(attribute);
                }
                ObjectNode meta = json.withObjectProperty("meta");
                meta.put("lastModified", clock.instant().toString());
                meta.put("version", nextVersion());
                resources.put(e.getKey(), Access.wrap(json));
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static boolean containsValue(JsonNode values, String id) {
        for (JsonNode v : values) {
            if (id.equals(v.path("value").asText(null))) {
                return true;
            }
        }
        return false;
    }

    /** True: cursor queries are paged here, in id order. */
    @Override
    public boolean supportsCursor() {
        return true;
    }

    @Override
    public QueryResult query(ResourceQuery query, RequestContext context) {
        if (query.cursorPaged()) {
            return cursorPage(query);
        }
        if (query.filter().isPresent()) {
            Filter filter = query.filter().get();
            Set<String> exact = lookup(filter);
            if (exact != null) {
                // A resource renamed while this runs can sit under its old key for a moment: check the key.
                Comparison c = (Comparison) filter;
                return QueryResult.filtered(fetch(exact).filter(r -> hasKey(r, c)));
            }
            if (filter instanceof And and) {
                for (Filter operand : and.filters()) {
                    Set<String> candidates = lookup(operand);
                    if (candidates != null) {
                        return QueryResult.unfiltered(fetch(candidates));
                    }
                }
            }
        }
        return QueryResult.unfiltered(resources.values().stream());
    }

    private QueryResult cursorPage(ResourceQuery query) {
        String cursor = query.cursor().orElse("");
        NavigableMap<String, ScimResource> from = cursor.isEmpty() ? resources
                : resources.tailMap(decodeCursor(cursor), false);
        CompiledFilter filter = query.filter().map(filters::compile).orElse(null);
        List<ScimResource> page = new ArrayList<>(Math.min(query.count(), 256));
        String last = null;
        boolean more = false;
        for (Map.Entry<String, ScimResource> e : from.entrySet()) {
            if (filter == null || filter.matches(e.getValue())) {
                if (page.size() == query.count()) {
                    more = true;
                    break;
                }
                page.add(e.getValue());
                last = e.getKey();
            }
        }
        long total = filter == null ? resources.size()
                : resources.values().stream().filter(filter::matches).count();
        Optional<String> next = more && last != null ? Optional.of(encodeCursor(last)) : Optional.empty();
        return QueryResult.cursorPage(page.stream(), next, OptionalInt.of((int) Math.min(Integer.MAX_VALUE, total)));
    }

    private static String encodeCursor(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ScimException.of(ScimType.INVALID_CURSOR, "the cursor is not one this provider issued");
        }
    }

    private Stream<ScimResource> fetch(Set<String> ids) {
        return ids.stream().map(resources::get).filter(Objects::nonNull);
    }

    /** The ids an {@code eq} on an indexed attribute selects, or null when the filter is not such a lookup. */
    private @Nullable Set<String> lookup(Filter filter) {
        if (!(filter instanceof Comparison c) || c.op() != CompareOp.EQ || c.path().subAttribute() != null
                || !c.value().isTextual()
                || (c.path().schemaUrn() != null && !c.path().schemaUrn().equalsIgnoreCase(type.schema()))) {
            return null;
        }
        for (Map.Entry<String, Boolean> e : indexed.entrySet()) {
            if (e.getKey().equalsIgnoreCase(c.path().name())) {
                Set<String> ids = indexOf(e.getKey()).get(key(c.value().asText(), e.getValue()));
                return ids == null ? Set.of() : Set.copyOf(ids);
            }
        }
        return null;
    }

    /** Whether a resource has the index key an {@code eq} on an indexed attribute looks up. */
    private boolean hasKey(ScimResource resource, Comparison c) {
        for (Map.Entry<String, Boolean> e : indexed.entrySet()) {
            if (e.getKey().equalsIgnoreCase(c.path().name())) {
                return key(c.value().asText(), e.getValue()).equals(indexKey(resource, e.getKey(), e.getValue()));
            }
        }
        return true;
    }

    private static String key(String value, boolean caseExact) {
        return caseExact ? value : value.toLowerCase(Locale.ROOT);
    }

    private void checkUnique(ScimResource resource, @Nullable String self) {
        for (Map.Entry<String, Boolean> e : unique.entrySet()) {
            JsonNode value = resource.get(e.getKey());
            if (!value.isValueNode() || value.isNull()) {
                continue;
            }
            Set<String> ids = indexOf(e.getKey()).get(key(value.asText(), e.getValue()));
            if (ids != null && ids.stream().anyMatch(id -> !id.equals(self))) {
                throw ScimException.of(ScimType.UNIQUENESS, e.getKey() + " " + Excerpt.of(value.asText())
                        + " is already taken");
            }
        }
    }

    private void checkReferences(ScimResource resource, @Nullable ScimResource before) {
        if (referenceAttribute == null) {
            return;
        }
        Set<String> known = new HashSet<>();
        if (before != null) {
            Access.json(before).path(referenceAttribute).forEach(v -> known.add(v.path("value").asText("")));
        }
        for (JsonNode element : Access.json(resource).path(referenceAttribute)) {
            String value = element.path("value").asText("");
            if (!known.contains(value) && !referenceExists.test(value)) {
                throw ScimException.invalidValue(referenceAttribute + ": no resource with id " + Excerpt.of(value));
            }
        }
    }

    private void index(ScimResource resource, String id) {
        for (Map.Entry<String, Boolean> e : indexed.entrySet()) {
            JsonNode value = resource.get(e.getKey());
            if (value.isValueNode() && !value.isNull()) {
                indexOf(e.getKey()).computeIfAbsent(key(value.asText(), e.getValue()),
                        k -> ConcurrentHashMap.newKeySet()).add(id);
            }
        }
    }

    private void unindex(ScimResource resource, String id) {
        for (Map.Entry<String, Boolean> e : indexed.entrySet()) {
            String k = indexKey(resource, e.getKey(), e.getValue());
            if (k != null) {
                unindexKey(e.getKey(), k, id);
            }
        }
    }

    /**
     * Moves an updated resource in the indexes without a moment where a lock-free reader misses it: an unchanged
     * key is left alone, and a changed one is added before the old one is removed.
     */
    private void reindex(ScimResource before, ScimResource after, String id) {
        for (Map.Entry<String, Boolean> e : indexed.entrySet()) {
            String oldKey = indexKey(before, e.getKey(), e.getValue());
            String newKey = indexKey(after, e.getKey(), e.getValue());
            if (Objects.equals(oldKey, newKey)) {
                continue;
            }
            if (newKey != null) {
                indexOf(e.getKey()).computeIfAbsent(newKey, k -> ConcurrentHashMap.newKeySet()).add(id);
            }
            if (oldKey != null) {
                unindexKey(e.getKey(), oldKey, id);
            }
        }
    }

    private static @Nullable String indexKey(ScimResource resource, String attribute, boolean caseExact) {
        JsonNode value = resource.get(attribute);
        return value.isValueNode() && !value.isNull() ? key(value.asText(), caseExact) : null;
    }

    /** The index of an indexed attribute: the constructor makes one for each. */
    private ConcurrentHashMap<String, Set<String>> indexOf(String attribute) {
        return Objects.requireNonNull(indexes.get(attribute), attribute);
    }

    private void unindexKey(String attribute, String k, String id) {
        Set<String> ids = indexOf(attribute).get(k);
        if (ids != null) {
            ids.remove(id);
            if (ids.isEmpty()) {
                indexOf(attribute).remove(k);
            }
        }
    }

    private String nextVersion() {
        return "W/\"" + versions.incrementAndGet() + "\"";
    }

    @Override
    public String toString() {
        return "InMemoryProvider{" + type.name() + ", " + resources.size() + " resources}";
    }

    /** Builds an {@link InMemoryProvider}. */
    public static final class Builder {
        private final SchemaRegistry registry;
        private final ResourceTypeDefinition type;
        private Clock clock = Clock.systemUTC();
        private final List<String> unique = new ArrayList<>();
        private final List<String> indexed = new ArrayList<>();
        private @Nullable String referenceAttribute;
        private Predicate<String> referenceExists = id -> true;
        private Consumer<String> onDelete = id -> { };

        private Builder(SchemaRegistry registry, ResourceTypeDefinition type) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * Makes a top-level attribute unique (and indexed).
         *
         * @param attribute the attribute name, e.g. {@code userName}
         * @return this builder
         */
        public Builder unique(String attribute) {
            unique.add(attribute);
            return this;
        }

        /**
         * Indexes a top-level attribute for {@code eq} filters.
         *
         * @param attribute the attribute name, e.g. {@code externalId}
         * @return this builder
         */
        public Builder index(String attribute) {
            indexed.add(attribute);
            return this;
        }

        /**
         * Checks the {@code value} of each new element of a multi-valued attribute against existing resources.
         *
         * @param attribute the attribute, e.g. {@code members}
         * @param exists whether an id exists
         * @return this builder
         */
        public Builder references(String attribute, Predicate<String> exists) {
            this.referenceAttribute = attribute;
            this.referenceExists = Objects.requireNonNull(exists, "exists");
            return this;
        }

        /**
         * Runs after a resource is deleted (outside the provider's lock).
         *
         * @param hook receives the deleted id
         * @return this builder
         */
        public Builder onDelete(Consumer<String> hook) {
            this.onDelete = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * The clock for {@code meta.created} and {@code meta.lastModified} (default: UTC system clock).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Builds the provider. */
        public InMemoryProvider build() {
            return new InMemoryProvider(this);
        }
    }
}
