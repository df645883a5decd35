package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** What every route shares: path matching, parameter parsing and GitLab's two paginations. */
final class FakeRest {
    /** Above this many rows GitLab skips counting: no totals, no {@code last} link. */
    private static final int MAX_COUNT = 10_000;

    private final FakeState state;

    FakeRest(FakeState state) {
        this.state = state;
    }

    // Returns a Resp, though it always throws the 405: it stands where an answer does (switch arms, conditionals).
    @SuppressWarnings("DoNotCallSuggester")
    static Resp notAllowed() {
        throw FakeError.error(405, "405 Method Not Allowed");
    }

    static boolean match(List<String> p, String... pattern) {
        if (p.size() != pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(p.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Offset pagination as {@code Gitlab::Pagination::OffsetPagination} answers it: {@code x-page},
     * {@code x-per-page}, {@code x-next-page}, {@code x-prev-page} (empty when none), totals and the {@code last}
     * link only when the rows were counted, and {@code Link} in the order prev, next, first, last.
     */
    Resp page(Req r, List<? extends JsonNode> items) {
        int perPage = perPage(r.params());
        int pageNo = Math.max(1, intParam(r.params(), "page").orElse(1));
        int size = perPage == 0 ? 0 : perPage;
        int from = perPage == 0 ? 0 : (int) Math.min(items.size(), (long) (pageNo - 1) * perPage);
        int to = Math.min(items.size(), from + size);
        ArrayNode body = JSON.arrayNode();
        items.subList(from, to).forEach(body::add);
        Resp resp = Resp.of(200, body);
        int totalPages = perPage == 0 ? 1 : Math.max(1, (items.size() + perPage - 1) / perPage);
        boolean hasNext = perPage > 0 && to < items.size();
        resp.headers().put("x-page", Integer.toString(pageNo));
        resp.headers().put("x-per-page", Integer.toString(perPage));
        resp.headers().put("x-next-page", hasNext ? Integer.toString(pageNo + 1) : "");
        resp.headers().put("x-prev-page", pageNo > 1 ? Integer.toString(pageNo - 1) : "");
        List<String> links = new ArrayList<>();
        if (pageNo > 1) {
            links.add("<" + link(r, Map.of("page", Integer.toString(pageNo - 1), "per_page",
                    Integer.toString(perPage))) + ">; rel=\"prev\"");
        }
        if (hasNext) {
            links.add("<" + link(r, Map.of("page", Integer.toString(pageNo + 1), "per_page",
                    Integer.toString(perPage))) + ">; rel=\"next\"");
        }
        links.add("<" + link(r, Map.of("page", "1", "per_page", Integer.toString(perPage))) + ">; rel=\"first\"");
        if (items.size() <= MAX_COUNT) {
            resp.headers().put("x-total", Integer.toString(items.size()));
            resp.headers().put("x-total-pages", Integer.toString(totalPages));
            links.add("<" + link(r, Map.of("page", Integer.toString(totalPages), "per_page",
                    Integer.toString(perPage))) + ">; rel=\"last\"");
        }
        resp.headers().put("Link", String.join(", ", links));
        return resp;
    }

    /**
     * Keyset pagination: the rows in {@code sorted} order, the next page only in {@code Link rel="next"} with an
     * opaque cursor (GitLab's is base64 JSON of the last row's order values).
     *
     * @param sorted  every row, already in the requested order
     * @param key     the order column's value of a row (ties are broken by id)
     * @param id      a row's id
     * @param orderBy the order column's name, written into the cursor
     * @param desc    whether the order is descending
     */
    <T> Resp keyset(Req r, List<T> sorted, Function<T, Comparable<?>> key, Function<T, Long> id, String orderBy,
            boolean desc, Function<T, @Nullable JsonNode> view) {
        int perPage = perPage(r.params());
        Optional<String> cursor = str(r.params(), "cursor");
        int start = 0;
        if (cursor.isPresent()) {
            JsonNode c;
            try {
                c = FakeApi.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor.get()));
            } catch (Exception e) {
                throw FakeError.error(400, "cursor is invalid");
            }
            long lastId = c.path("id").asLong();
            String lastKey = c.path(orderBy).asText();
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                T row = sorted.get(i);
                int cmp = compareTo(key.apply(row), lastKey, orderBy.equals("id"));
                cmp = desc ? -cmp : cmp;
                if (cmp == 0) {
                    cmp = Long.compare(id.apply(row), lastId) * (desc ? -1 : 1);
                }
                if (cmp > 0) {
                    start = i;
                    break;
                }
            }
        }
        ArrayNode body = JSON.arrayNode();
        T last = null;
        boolean more = false;
        for (int i = start; i < sorted.size(); i++) {
            JsonNode json = view.apply(sorted.get(i));
            if (json == null) {
                continue;
            }
            if (body.size() == perPage) {
                more = true;
                break;
            }
            body.add(json);
            last = sorted.get(i);
        }
        Resp resp = Resp.of(200, body);
        if (more && last != null) {
            ObjectNode c = JSON.objectNode();
            c.put(orderBy, String.valueOf(key.apply(last))).put("id", Long.toString(id.apply(last))).put("_kd", "n");
            String next = Base64.getUrlEncoder().withoutPadding().encodeToString(c.toString()
                    .getBytes(StandardCharsets.UTF_8));
            resp.headers().put("Link", "<" + link(r, Map.of("cursor", next, "per_page", Integer.toString(perPage)))
                    + ">; rel=\"next\"");
        }
        return resp;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareTo(Comparable<?> value, String cursorValue, boolean numeric) {
        if (numeric || value instanceof Long) {
            return Long.compare(((Number) value).longValue(), Long.parseLong(cursorValue));
        }
        return ((Comparable) value.toString()).compareTo(cursorValue);
    }

    /** {@code Gitlab::Pagination::Keyset} answer for an order the endpoint cannot page by keyset. */
    static FakeError keysetUnavailable() {
        return FakeError.error(405, "Keyset pagination is not yet available for this type of request");
    }

    /**
     * {@code per_page}: an Integer parameter with no range check in GitLab; Kaminari caps it at 100, ignores a
     * negative value (default 20) and limits to nothing for 0.
     */
    static int perPage(ObjectNode q) {
        int perPage = intParam(q, "per_page").orElse(20);
        if (perPage < 0) {
            return 20;
        }
        return Math.min(perPage, 100);
    }

    /** A Grape {@code Integer} parameter: anything not an integer is {@code <name> is invalid}. */
    static Optional<Integer> intParam(ObjectNode q, String name) {
        Optional<String> raw = str(q, name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(raw.get().trim()));
        } catch (NumberFormatException e) {
            throw FakeError.error(400, name + " is invalid");
        }
    }

    /**
     * A pagination link as {@code OffsetHeaderBuilder} and the keyset {@code HeaderBuilder} make it: the request's
     * scheme and path, but the host and port of GitLab's configured external URL, and as query every request
     * parameter (the path's too, e.g. {@code id}) with the page parameters, sorted by name like Rails'
     * {@code to_query}.
     */
    String link(Req r, Map<String, String> replace) {
        java.util.TreeMap<String, List<String>> params = new java.util.TreeMap<>();
        if (!r.rawQuery().isEmpty()) {
            for (String pair : r.rawQuery().split("&", -1)) {
                if (pair.isEmpty()) {
                    continue; // "a=1&&b=2" or a trailing "&": no parameter (as Rack)
                }
                String[] kv = pair.split("=", 2);
                String k = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String v = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                if (k.endsWith("[]")) {
                    params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                } else {
                    params.put(k, new ArrayList<>(List.of(v)));
                }
            }
        }
        r.pathParams().forEach((k, v) -> params.put(k, new ArrayList<>(List.of(v))));
        replace.forEach((k, v) -> params.put(k, new ArrayList<>(List.of(v))));
        StringBuilder q = new StringBuilder();
        params.forEach((k, vs) -> vs.forEach(v -> q.append(q.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
        URI external = URI.create(state.externalUrl);
        int port = external.getPort() != -1 ? external.getPort()
                : "https".equalsIgnoreCase(external.getScheme()) ? 443 : 80;
        // The request reached the fake over plain HTTP; Ruby's URI omits only HTTP's default port.
        return "http://" + external.getHost() + (port == 80 ? "" : ":" + port) + r.rawPath() + "?" + q;
    }

    /** A Grape {@code Integer} route parameter such as {@code :user_id}. */
    static long parseId(String raw, String name) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw FakeError.error(400, name + " is invalid");
        }
    }

    static Optional<String> str(ObjectNode q, String field) {
        JsonNode v = q.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        String text = v.isValueNode() ? v.asText() : v.toString();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** A Grape {@code Boolean}: {@code true}/{@code false} and their usual spellings. */
    static boolean bool(ObjectNode q, String field) {
        return str(q, field).map(v -> v.equalsIgnoreCase("true") || v.equals("1")).orElse(false);
    }

    /** Rails' {@code Array#to_sentence}: "a", "a and b", "a, b, and c". */
    static String sentence(List<String> parts) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.get(0);
        }
        if (parts.size() == 2) {
            return parts.get(0) + " and " + parts.get(1);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + ", and " + parts.get(parts.size() - 1);
    }
}
