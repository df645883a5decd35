package io.scimlab.core.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.filter.CompiledFilter;
import io.scimlab.core.filter.Filter;
import io.scimlab.core.filter.FilterParser;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.resource.Projection;
import io.scimlab.core.resource.ResourceWriter;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResolvedAttribute;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * List and search requests (RFC 7644 §3.4.2, §3.4.3), per type and at the root: parses the parameters, asks
 * each provider, then filters, sorts and pages whatever the provider did not, streaming the provider's results
 * and holding at most {@code startIndex - 1 + count} of them.
 *
 * <p>With a {@code cursor} parameter (RFC 9865) a provider that {@linkplain ResourceProvider#supportsCursor()
 * supports cursors} pages itself (unsorted, single-type requests); otherwise the server pages by offset behind
 * a cursor of its own. Either way the client sees only {@link Cursors}' tamper-evident cursors. Package-private.
 */
final class ListHandler {
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    private static final JsonFactory JSON = new JsonFactory();

    private final SchemaRegistry registry;
    private final ResourceWriter writer;
    private final Bodies bodies;
    private final Limits limits;
    private final Compatibility compatibility;
    private final Cursors cursors;

    ListHandler(SchemaRegistry registry, ResourceWriter writer, Bodies bodies, Limits limits,
            Compatibility compatibility, Cursors cursors) {
        this.cursors = cursors;
        this.registry = registry;
        this.writer = writer;
        this.bodies = bodies;
        this.limits = limits;
        this.compatibility = compatibility;
    }

    ListParams paramsFromQuery(Call call) {
        return params(call.param("filter"), call.param("sortBy"), call.param("sortOrder"),
                call.param("startIndex"), call.param("count"), call.param("attributes"),
                call.param("excludedAttributes"), Optional.ofNullable(call.params.get("cursor")));
    }

    ListParams paramsFromBody(Call call) {
        JsonNode body = bodies.object(call.body);
        return params(text(body, "filter"), text(body, "sortBy"), text(body, "sortOrder"), text(body, "startIndex"),
                text(body, "count"), text(body, "attributes"), text(body, "excludedAttributes"), text(body, "cursor"));
    }

    private static Optional<String> text(JsonNode body, String name) {
        JsonNode value = ScimResource.member(body, name);
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(v.asText()));
            return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(",", parts));
        }
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }

    private ListParams params(Optional<String> filter, Optional<String> sortBy, Optional<String> sortOrder,
            Optional<String> startIndex, Optional<String> count, Optional<String> attributes,
            Optional<String> excluded, Optional<String> cursor) {
        if (cursor.isPresent() && startIndex.filter(s -> !s.isBlank()).isPresent()) {
            throw ScimException.invalidValue("startIndex and cursor cannot be combined: page by index or by cursor");
        }
        boolean descending = sortOrder.map(o -> o.trim().toLowerCase(Locale.ROOT).startsWith("desc"))
                .orElse(false);
        int start = (int) Math.max(1, Math.min(Integer.MAX_VALUE, integer("startIndex", startIndex, 1)));
        int n = (int) Math.max(0, Math.min(limits.maxResults(), integer("count", count, limits.maxResults())));
        if (cursor.isEmpty() && (long) start - 1 + n > limits.maxOffset()) {
            // The server would ask providers for, and keep, startIndex - 1 + count results.
            throw ScimException.invalidValue("startIndex - 1 + count must be at most " + limits.maxOffset()
                    + "; page deeper with cursor pagination (cursor parameter)");
        }
        return new ListParams(filter, sortBy, descending, start, n, attributes, excluded, cursor.map(String::trim));
    }

    private static long integer(String name, Optional<String> text, long absent) {
        if (text.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(text.get().trim());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer, not " + abbreviate(text.get()));
        }
    }

    private static String abbreviate(String s) {
        return Excerpt.of(s);
    }

    /** A type prepared for one list request: its compiled filter and sort attribute. */
    private record Target(TypeRuntime rt, @Nullable CompiledFilter filter, @Nullable String sortPath,
            @Nullable ResolvedAttribute sortAttribute, Projection projection) {}

    ScimResponse list(Call call, List<TypeRuntime> types, ListParams p) {
        Optional<Filter> filter = p.filter().map(f -> FilterParser.parse(f, compatibility.filter()));
        List<Target> targets = new ArrayList<>();
        ScimException firstError = null;
        for (TypeRuntime rt : types) {
            try {
                targets.add(target(rt, filter, p));
            } catch (ScimException e) {
                if (types.size() == 1) {
                    throw e;
                }
                // At the root, a filter or sortBy that does not fit one type just matches nothing of it.
                firstError = firstError == null ? e : firstError;
            }
        }
        if (targets.isEmpty() && firstError != null) {
            throw firstError;
        }
        if (p.cursor().isPresent()) {
            return cursorList(call, targets, filter, p);
        }
        Page page = page(call, targets, filter, p);
        List<Sorting.Hit> hits = page.result(p.startIndex(), p.count());
        return write(call, OptionalInt.of(p.startIndex()), OptionalLong.of(page.total), hits, targets,
                Optional.empty());
    }

    private Page page(Call call, List<Target> targets, Optional<Filter> filter, ListParams p) {
        boolean sorted = p.sortBy().isPresent();
        Comparator<Sorting.Hit> order = Sorting.comparator(sorted, p.descending());
        long wanted = (long) p.startIndex() - 1 + p.count();
        Page page = new Page(order, wanted);
        for (Target t : targets) {
            collect(call, t, filter, p, page, targets.size() == 1);
        }
        return page;
    }

    /** RFC 9865: one page by cursor, from the provider when it pages by cursor, else by offset here. */
    private ScimResponse cursorList(Call call, List<Target> targets, Optional<Filter> filter, ListParams p) {
        String queryKey = Cursors.queryKey(p, targets.stream().map(t -> t.rt().type().name()).toList());
        String given = p.cursor().orElse("");
        Cursors.Position at = given.isEmpty() ? null : cursors.open(given, queryKey);
        Target single = targets.size() == 1 ? targets.get(0) : null;
        if (single != null && p.sortBy().isEmpty() && single.rt().provider().supportsCursor()) {
            if (at != null && at.kind() != Cursors.PROVIDER) {
                throw Cursors.invalid();
            }
            ResourceQuery query = ResourceQuery.byCursor(filter, at == null ? "" : at.value(), p.count());
            QueryResult result = single.rt().provider().query(query, call.context);
            List<Sorting.Hit> hits = new ArrayList<>();
            try (Stream<ScimResource> stream = result.resources()) {
                if (!result.paged() || !result.filtered()) {
                    throw new IllegalStateException(single.rt().provider()
                            + " supports cursors but did not answer a cursor query with a cursor page");
                }
                stream.limit(p.count()).forEach(r -> hits.add(hit(r, single)));
            }
            Optional<String> next = result.nextCursor().map(c -> cursors.issue(Cursors.PROVIDER, c, queryKey));
            OptionalLong total = result.totalResults().isPresent()
                    ? OptionalLong.of(result.totalResults().getAsInt()) : OptionalLong.empty();
            return write(call, OptionalInt.empty(), total, hits, targets, next);
        }
        long offset = at == null ? 0 : Cursors.offset(at);
        ListParams indexed = p.withStartIndex((int) offset + 1);
        Page page = page(call, targets, filter, indexed);
        List<Sorting.Hit> hits = page.result(indexed.startIndex(), indexed.count());
        long nextOffset = offset + hits.size();
        Optional<String> next = hits.isEmpty() || nextOffset >= page.total ? Optional.empty()
                : Optional.of(cursors.issue(Cursors.SERVER, Long.toString(nextOffset), queryKey));
        return write(call, OptionalInt.empty(), OptionalLong.of(page.total), hits, targets, next);
    }

    private Target target(TypeRuntime rt, Optional<Filter> filter, ListParams p) {
        CompiledFilter compiled = filter.map(f -> rt.filters().compile(f)).orElse(null);
        String sortPath = null;
        ResolvedAttribute sortAttribute = null;
        if (p.sortBy().isPresent()) {
            sortAttribute = registry.resolve(rt.type(), p.sortBy().get().trim());
            if (sortAttribute == null) {
                throw ScimException.of(ScimType.INVALID_VALUE, "sortBy names no attribute of "
                        + rt.type().name() + ": " + abbreviate(p.sortBy().get()));
            }
            String name = sortAttribute.extension() ? sortAttribute.schemaUrn() + ":"
                    + sortAttribute.attribute().name() : sortAttribute.attribute().name();
            sortPath = sortAttribute.subAttribute() == null ? name : name + "." + sortAttribute.subAttribute().name();
        }
        Projection projection = Projection.parse(p.attributes().orElse(null), p.excludedAttributes().orElse(null),
                rt.type(), registry);
        return new Target(rt, compiled, sortPath, sortAttribute, projection);
    }

    private void collect(Call call, Target t, Optional<Filter> filter, ListParams p, Page page, boolean single) {
        // At the root the provider cannot page: the server merges types, so it asks each for the first pages.
        int startIndex = single ? p.startIndex() : 1;
        int count = (int) Math.min(Integer.MAX_VALUE, single ? p.count() : page.wanted);
        ResourceQuery query = ResourceQuery.builder().filter(filter.orElse(null)).sortBy(t.sortPath())
                .descending(p.descending()).startIndex(startIndex).count(count).build();
        QueryResult result = t.rt().provider().query(query, call.context);
        try (Stream<ScimResource> stream = result.resources()) {
            if (single && result.paged()) {
                page.total = result.totalResults().orElseThrow(() -> new IllegalStateException(
                        t.rt().provider() + " answered an index query with a page but no totalResults"));
                page.direct = true;
                stream.forEach(r -> page.pageHits.add(hit(r, t)));
                return;
            }
            // A provider's own order is kept only when it covers the whole request (one type).
            boolean providerOrder = single && result.sorted();
            page.keepOrder = providerOrder;
            for (Iterator<ScimResource> it = stream.iterator(); it.hasNext(); ) {
                ScimResource r = it.next();
                if (result.filtered() || t.filter() == null || t.filter().matches(r)) {
                    page.offer(hit(r, t), p.startIndex(), p.count());
                }
            }
        }
    }

    private static Sorting.Hit hit(ScimResource r, Target t) {
        // sortPath and sortAttribute are set together (target()).
        String sortPath = t.sortPath();
        ResolvedAttribute sortAttribute = t.sortAttribute();
        Comparable<?> key = sortAttribute == null || sortPath == null ? null
                : Sorting.key(r, sortPath, sortAttribute);
        String id = r.id();
        return new Sorting.Hit(r, t.rt(), key, id == null ? "" : id);
    }

    /** The matches kept for the page: a bounded max-heap of the first {@code wanted} in order, and the total. */
    private static final class Page {
        final Comparator<Sorting.Hit> order;
        final long wanted;
        final PriorityQueue<Sorting.Hit> heap;
        final List<Sorting.Hit> pageHits = new ArrayList<>();
        long total;
        boolean direct;
        boolean keepOrder;

        Page(Comparator<Sorting.Hit> order, long wanted) {
            this.order = order;
            this.wanted = wanted;
            this.heap = new PriorityQueue<>(16, order.reversed());
        }

        void offer(Sorting.Hit hit, int startIndex, int count) {
            long position = ++total;
            if (keepOrder) {
                if (position >= startIndex && position < (long) startIndex + count) {
                    pageHits.add(hit);
                }
                return;
            }
            if (count == 0) {
                return;
            }
            if (heap.size() < wanted) {
                heap.add(hit);
            } else if (order.compare(hit, heap.peek()) < 0) {
                heap.poll();
                heap.add(hit);
            }
        }

        List<Sorting.Hit> result(int startIndex, int count) {
            if (direct || keepOrder) {
                return pageHits;
            }
            List<Sorting.Hit> all = new ArrayList<>(heap);
            all.sort(order);
            int from = Math.min(all.size(), startIndex - 1);
            return all.subList(from, Math.min(all.size(), from + count));
        }
    }

    private ScimResponse write(Call call, OptionalInt startIndex, OptionalLong total, List<Sorting.Hit> hits,
            List<Target> targets, Optional<String> nextCursor) {
        Map<TypeRuntime, Projection> projections = new HashMap<>();
        targets.forEach(t -> projections.put(t.rt(), t.projection()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + hits.size() * 512);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeArrayFieldStart("schemas");
            out.writeString(LIST_RESPONSE);
            out.writeEndArray();
            if (total.isPresent()) {
                out.writeNumberField("totalResults", total.getAsLong());
            }
            out.writeNumberField("itemsPerPage", hits.size());
            if (startIndex.isPresent()) {
                out.writeNumberField("startIndex", startIndex.getAsInt());
            }
            if (nextCursor.isPresent()) {
                out.writeStringField("nextCursor", nextCursor.get());
            }
            out.writeArrayFieldStart("Resources");
            for (Sorting.Hit hit : hits) {
                ScimResource located = ResourceHandler.locate(hit.resource(), hit.type().type(), call.baseUrl);
                writer.writeTo(located, hit.type().type(), Objects.requireNonNull(projections.get(hit.type()),
                        "every hit is of one of the targets' types"), out);
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Responses.json(200, bytes.toByteArray(), Map.of());
    }
}
