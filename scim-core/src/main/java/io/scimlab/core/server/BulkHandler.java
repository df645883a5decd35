package io.scimlab.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.internal.Json;
import io.scimlab.core.resource.ScimResource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code /Bulk} (RFC 7644 §3.7): runs each operation through the server's own routing, resolves
 * {@code bulkId:xyz} references (in paths and anywhere in {@code data}) by running an operation after the ones
 * it references, rejects circular references and references to unknown or failed operations, honours
 * {@code failOnErrors}, and enforces {@code maxOperations} and {@code maxPayloadSize} (413). Package-private.
 */
final class BulkHandler {
    static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    private static final System.Logger LOG = System.getLogger(BulkHandler.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PREFIX = "bulkId:";
    /** One {@code bulkId:} reference, as a whole token: {@code bulkId:1} never matches inside {@code bulkId:10}. */
    private static final Pattern REFERENCE = Pattern.compile("bulkId:([^/\"\\s]+)");

    private final ScimServer server;
    private final Bodies bodies;
    private final Limits limits;

    BulkHandler(ScimServer server, Bodies bodies, Limits limits) {
        this.server = server;
        this.bodies = bodies;
        this.limits = limits;
    }

    private record Op(int index, String method, @Nullable String bulkId, String path, @Nullable JsonNode data,
            @Nullable String version, Set<String> references) {}

    ScimResponse handle(Call call) {
        if (limits.bulkMaxOperations() == 0) {
            throw ScimException.status(501, "bulk operations are not supported");
        }
        JsonNode body = bodies.object(call.body);
        JsonNode operations = ScimResource.member(body, "Operations");
        if (!operations.isArray()) {
            throw ScimException.invalidSyntax("a bulk request needs an Operations array");
        }
        if (operations.size() > limits.bulkMaxOperations()) {
            throw ScimException.status(413, "a bulk request holds at most " + limits.bulkMaxOperations()
                    + " operations, not " + operations.size());
        }
        int failOnErrors = ScimResource.member(body, "failOnErrors").asInt(0);
        List<Op> ops = new ArrayList<>();
        Map<String, Op> byBulkId = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            Op op = parse(operations.get(i), i);
            if (op.bulkId() != null && byBulkId.putIfAbsent(op.bulkId(), op) != null) {
                throw ScimException.invalidValue("Operations[" + i + "]: bulkId " + Excerpt.of(op.bulkId())
                        + " is used twice");
            }
            ops.add(op);
        }
        ObjectNode[] results = new ObjectNode[ops.size()];
        Map<String, String> ids = new HashMap<>();
        Set<String> failed = new LinkedHashSet<>();
        List<Op> pending = new ArrayList<>(ops);
        int errors = 0;
        boolean progress = true;
        while (!pending.isEmpty() && progress && (failOnErrors <= 0 || errors < failOnErrors)) {
            progress = false;
            for (Op op : new ArrayList<>(pending)) {
                if (failOnErrors > 0 && errors >= failOnErrors) {
                    break;
                }
                ScimException blocked = blocked(op, byBulkId, failed);
                if (blocked == null && !op.references().stream().allMatch(ids::containsKey)) {
                    continue; // waits for an operation it references
                }
                pending.remove(op);
                progress = true;
                results[op.index()] = blocked != null ? errorResult(op, blocked) : run(call, op, ids);
                if (isError(results[op.index()])) {
                    errors++;
                    if (op.bulkId() != null) {
                        failed.add(op.bulkId());
                    }
                }
            }
        }
        if (failOnErrors <= 0 || errors < failOnErrors) {
            // What is still pending references itself in a cycle.
            for (Op op : pending) {
                results[op.index()] = errorResult(op, ScimException.of(409, ScimType.INVALID_VALUE,
                        "Operations[" + op.index() + "]: circular bulkId reference"));
            }
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.putArray("schemas").add(BULK_RESPONSE);
        ArrayNode out = response.putArray("Operations");
        for (ObjectNode result : results) {
            if (result != null) {
                out.add(result);
            }
        }
        return Responses.json(200, response);
    }

    private static @Nullable ScimException blocked(Op op, Map<String, Op> byBulkId,
            Set<String> failed) {
        for (String ref : op.references()) {
            if (!byBulkId.containsKey(ref)) {
                return ScimException.invalidValue("Operations[" + op.index() + "]: unknown bulkId " + Excerpt.of(ref));
            }
            if (!byBulkId.get(ref).method().equals("POST")) {
                // Only a POST creates an id to substitute: waiting for any other would look like a cycle.
                return ScimException.invalidValue("Operations[" + op.index() + "]: bulkId " + Excerpt.of(ref)
                        + " does not belong to a POST");
            }
            if (failed.contains(ref)) {
                return ScimException.of(409, ScimType.INVALID_VALUE,
                        "Operations[" + op.index() + "]: bulkId " + Excerpt.of(ref) + " refers to a failed operation");
            }
        }
        return null;
    }

    private static Op parse(JsonNode node, int index) {
        String where = "Operations[" + index + "]";
        if (!node.isObject()) {
            throw ScimException.invalidSyntax(where + " must be an object");
        }
        String method = ScimResource.member(node, "method").asText("").toUpperCase(Locale.ROOT);
        if (!List.of("POST", "PUT", "PATCH", "DELETE").contains(method)) {
            throw ScimException.invalidValue(where + ".method must be POST, PUT, PATCH or DELETE");
        }
        JsonNode path = ScimResource.member(node, "path");
        if (!path.isTextual() || !path.asText().startsWith("/")) {
            throw ScimException.invalidValue(where + ".path must be a path such as /Users");
        }
        JsonNode bulkId = ScimResource.member(node, "bulkId");
        JsonNode data = ScimResource.member(node, "data");
        JsonNode version = ScimResource.member(node, "version");
        Set<String> refs = new LinkedHashSet<>();
        collectReferences(path, refs);
        collectReferences(data, refs);
        return new Op(index, method, bulkId.isTextual() ? bulkId.asText() : null, path.asText(),
                data.isMissingNode() || data.isNull() ? null : data, version.isTextual() ? version.asText() : null,
                refs);
    }

    private static void collectReferences(JsonNode node, Set<String> refs) {
        if (node.isTextual()) {
            Matcher m = REFERENCE.matcher(node.asText());
            while (m.find()) {
                refs.add(m.group(1));
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectReferences(child, refs));
        }
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> ids) {
        if (node.isTextual() && node.asText().contains(PREFIX)) {
            return TextNode.valueOf(substitute(node.asText(), ids));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), substitute(e.getValue(), ids)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> copy.add(substitute(e, ids)));
            return copy;
        }
        return node;
    }

    private static String substitute(String text, Map<String, String> ids) {
        return REFERENCE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(ids.getOrDefault(m.group(1),
                m.group())));
    }

    private ObjectNode run(Call call, Op op, Map<String, String> ids) {
        String path = substitute(op.path(), ids);
        byte[] body = op.data() == null ? new byte[0] : Json.toBytes(substitute(op.data(), ids));
        Map<String, String> headers = new HashMap<>();
        if (op.version() != null) {
            headers.put("If-Match", op.version());
        }
        Call sub = new Call(op.method(), Map.of(), headers, body, call.context, call.baseUrl);
        ScimResponse response;
        try {
            response = server.route(sub, ScimServer.segments(path), false);
        } catch (ScimException e) {
            return errorResult(op, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "internal error in bulk operation " + op.index()
                    + "; correlation id " + call.context.correlationId(), e);
            return errorResult(op, ScimException.status(500, "internal error; correlation id "
                    + call.context.correlationId()));
        }
        ObjectNode result = base(op);
        if (response.status() >= 400) {
            result.put("status", Integer.toString(response.status()));
            result.set("response", readTree(response.body()));
            return result;
        }
        String location = response.header("Location").orElse(null);
        if (op.method().equals("POST") && response.body().length > 0) {
            JsonNode created = readTree(response.body());
            String id = created.path("id").asText(null);
            if (id != null && op.bulkId() != null) {
                ids.put(op.bulkId(), id);
            }
            location = location != null ? location : created.path("meta").path("location").asText(null);
        }
        result.put("location", location != null ? location : call.baseUrl + path);
        response.header("ETag").ifPresent(tag -> result.put("version", tag));
        result.put("status", Integer.toString(response.status()));
        return result;
    }

    private static ObjectNode base(Op op) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("method", op.method());
        if (op.bulkId() != null) {
            result.put("bulkId", op.bulkId());
        }
        return result;
    }

    private static ObjectNode errorResult(Op op, ScimException e) {
        ObjectNode result = base(op);
        result.put("status", Integer.toString(e.status()));
        result.set("response", e.toErrorJson());
        return result;
    }

    private static boolean isError(ObjectNode result) {
        return result.path("status").asText("500").compareTo("400") >= 0;
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
