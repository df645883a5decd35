package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** What every route shares: path matching, parameter parsing and GitLab's two paginations. */
final class FakeRest {
    private final FakeState state;

    FakeRest(FakeState state) {
        this.state = state;
    }

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

    /** Offset pagination with GitLab's x-* headers and Link (totals omitted above 10,000 records). */
    Resp page(Req r, List<? extends JsonNode> items) {
        int perPage = perPage(r.params());
        int pageNo = str(r.params(), "page").map(Integer::parseInt).orElse(1);
        if (pageNo < 1) {
            pageNo = 1;
        }
        int from = Math.min(items.size(), (pageNo - 1) * perPage);
        int to = Math.min(items.size(), from + perPage);
        ArrayNode body = JSON.arrayNode();
        items.subList(from, to).forEach(body::add);
        Resp resp = Resp.of(200, body);
        int totalPages = Math.max(1, (items.size() + perPage - 1) / perPage);
        boolean hasNext = to < items.size();
        resp.headers().put("x-page", Integer.toString(pageNo));
        resp.headers().put("x-per-page", Integer.toString(perPage));
        resp.headers().put("x-next-page", hasNext ? Integer.toString(pageNo + 1) : "");
        resp.headers().put("x-prev-page", pageNo > 1 ? Integer.toString(pageNo - 1) : "");
        List<String> links = new ArrayList<>();
        if (hasNext) {
            links.add("<" + link(r, "page", Integer.toString(pageNo + 1)) + ">; rel=\"next\"");
        }
        if (pageNo > 1) {
            links.add("<" + link(r, "page", Integer.toString(pageNo - 1)) + ">; rel=\"prev\"");
        }
        links.add("<" + link(r, "page", "1") + ">; rel=\"first\"");
        if (items.size() <= 10_000) {
            resp.headers().put("x-total", Integer.toString(items.size()));
            resp.headers().put("x-total-pages", Integer.toString(totalPages));
            links.add("<" + link(r, "page", Integer.toString(totalPages)) + ">; rel=\"last\"");
        }
        resp.headers().put("Link", String.join(", ", links));
        return resp;
    }

    /** Keyset pagination over id order: the next page only in {@code Link rel="next"}. */
    <T> Resp keyset(Req r, TreeMap<Long, T> source, java.util.function.Function<T, @Nullable JsonNode> view) {
        int perPage = perPage(r.params());
        boolean desc = "desc".equals(str(r.params(), "sort").orElse("asc"));
        String orderBy = str(r.params(), "order_by").orElse("id");
        if (!orderBy.equals("id")) {
            throw FakeError.error(405, "405 Method Not Allowed - keyset pagination only supports order_by=id");
        }
        long after = str(r.params(), "cursor").map(c -> Long.parseLong(new String(Base64.getUrlDecoder().decode(c),
                StandardCharsets.UTF_8))).orElse(desc ? Long.MAX_VALUE : Long.MIN_VALUE);
        Map<Long, T> rest = desc ? source.headMap(after, false).descendingMap() : source.tailMap(after, false);
        ArrayNode body = JSON.arrayNode();
        long last = after;
        boolean more = false;
        for (Map.Entry<Long, T> e : rest.entrySet()) {
            JsonNode json = view.apply(e.getValue());
            if (json == null) {
                continue;
            }
            if (body.size() == perPage) {
                more = true;
                break;
            }
            body.add(json);
            last = e.getKey();
        }
        Resp resp = Resp.of(200, body);
        if (more) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(last)
                    .getBytes(StandardCharsets.UTF_8));
            resp.headers().put("Link", "<" + link(r, "cursor", cursor) + ">; rel=\"next\"");
        }
        return resp;
    }

    static int perPage(ObjectNode q) {
        int perPage;
        try {
            perPage = str(q, "per_page").map(Integer::parseInt).orElse(20);
        } catch (NumberFormatException e) {
            throw FakeError.error(400, "per_page is invalid");
        }
        if (perPage < 1) {
            throw FakeError.error(400, "per_page does not have a valid value");
        }
        return Math.min(perPage, 100);
    }

    String link(Req r, String param, String value) {
        StringBuilder q = new StringBuilder();
        boolean replaced = false;
        if (!r.rawQuery().isEmpty()) {
            for (String pair : r.rawQuery().split("&")) {
                String key = pair.split("=", 2)[0];
                if (key.equals(param)) {
                    pair = param + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                    replaced = true;
                }
                q.append(q.length() == 0 ? "" : "&").append(pair);
            }
        }
        if (!replaced) {
            q.append(q.length() == 0 ? "" : "&").append(param).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return state.baseUrl + r.rawPath() + "?" + q;
    }

    static long parseId(String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw FakeError.error(400, "id is invalid");
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

    static boolean bool(ObjectNode q, String field) {
        return str(q, field).map(Boolean::parseBoolean).orElse(false);
    }
}
