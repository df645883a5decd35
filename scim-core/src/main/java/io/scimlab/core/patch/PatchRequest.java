package io.scimlab.core.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.filter.FilterOptions;
import io.scimlab.core.filter.FilterParser;
import io.scimlab.core.filter.PatchPath;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.internal.JsonErrors;
import io.scimlab.core.internal.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PATCH request body (RFC 7644 §3.5.2): the PatchOp schema and its {@code Operations}.
 *
 * @param operations the operations, in order
 */
public record PatchRequest(List<PatchOperation> operations) {
    /** The URN of the PatchOp message schema. */
    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * The longest PATCH path accepted, in characters. Larger than a query filter's limit: clients remove many
     * members with one {@code members[value eq "a" or value eq "b" ...]} path, and a body is already bounded by
     * the server's body size limit.
     */
    public static final int PATH_MAX_LENGTH = 65_536;
    /** The most terms one PATCH path's value filter may have (see {@link #PATH_MAX_LENGTH}). */
    public static final int PATH_MAX_TERMS = 1_024;

    /** Copies the list. */
    public PatchRequest {
        operations = List.copyOf(operations);
    }

    /**
     * A request of the given operations.
     *
     * @param operations the operations
     * @return the request
     */
    public static PatchRequest of(PatchOperation... operations) {
        return new PatchRequest(List.of(operations));
    }

    /**
     * Parses a request body.
     *
     * @param json UTF-8 JSON
     * @param options the compatibility options
     * @return the request
     * @throws ScimException 400 {@code invalidSyntax} for malformed UTF-8 or JSON or a malformed request, 400
     *     {@code invalidPath} for a path that does not parse
     */
    public static PatchRequest parse(byte[] json, PatchOptions options) {
        Utf8.checkJson(json);
        try {
            return parse(MAPPER.readTree(json), options);
        } catch (JsonProcessingException e) {
            throw JsonErrors.malformed(e);
        } catch (IOException e) {
            throw ScimException.invalidSyntax("unreadable request body");
        }
    }

    /**
     * Parses a request body already read as JSON.
     *
     * @param json the request
     * @param options the compatibility options
     * @return the request
     * @throws ScimException 400 {@code invalidSyntax} for a malformed request, 400 {@code invalidPath} for a
     *     path that does not parse
     */
    public static PatchRequest parse(JsonNode json, PatchOptions options) {
        if (json == null || !json.isObject()) {
            throw ScimException.invalidSyntax("a PATCH body is a JSON object with \"schemas\" and \"Operations\"");
        }
        JsonNode schemas = member(json, "schemas");
        boolean hasSchema = false;
        for (JsonNode urn : schemas) {
            hasSchema |= urn.isTextual() && urn.asText().equalsIgnoreCase(SCHEMA);
        }
        if (!hasSchema && (options.requireSchemas() || !schemas.isMissingNode())) {
            throw ScimException.invalidSyntax("schemas must be [\"" + SCHEMA + "\"]");
        }
        JsonNode ops = member(json, "Operations");
        if (!ops.isArray()) {
            throw ScimException.invalidSyntax("Operations must be an array of operations");
        }
        if (ops.isEmpty() && !options.allowEmptyOperations()) {
            throw ScimException.invalidSyntax("Operations must not be empty");
        }
        FilterOptions pathOptions = (options.coerceValues() ? FilterOptions.lenient() : FilterOptions.strictRfc())
                .toBuilder().maxLength(PATH_MAX_LENGTH).maxTerms(PATH_MAX_TERMS).build();
        List<PatchOperation> list = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            list.add(operation(ops.get(i), "Operations[" + i + "]", options, pathOptions));
        }
        return new PatchRequest(list);
    }

    private static PatchOperation operation(JsonNode json, String where, PatchOptions options,
            FilterOptions pathOptions) {
        if (!json.isObject()) {
            throw ScimException.invalidSyntax(where + " must be an object with op, path and value");
        }
        JsonNode opNode = member(json, "op");
        if (!opNode.isTextual()) {
            throw ScimException.invalidSyntax(where + ".op is required: add, remove or replace");
        }
        PatchOp op = op(opNode.asText(), options.caseInsensitiveOps(), where);
        JsonNode pathNode = member(json, "path");
        Optional<PatchPath> path = Optional.empty();
        if (pathNode.isTextual() && !pathNode.asText().isBlank()) {
            path = Optional.of(FilterParser.parsePath(pathNode.asText().trim(), pathOptions));
        } else if (!pathNode.isMissingNode() && !pathNode.isNull() && !pathNode.isTextual()) {
            throw ScimException.of(ScimType.INVALID_PATH, where + ".path must be a string");
        }
        JsonNode value = member(json, "value");
        Optional<JsonNode> optionalValue = value.isMissingNode() ? Optional.empty() : Optional.of(value);
        if (op == PatchOp.REMOVE && path.isEmpty()) {
            throw ScimException.of(ScimType.NO_TARGET, where + ": remove needs a path");
        }
        if (op != PatchOp.REMOVE && optionalValue.isEmpty()) {
            throw ScimException.invalidSyntax(where + ": " + op + " needs a value");
        }
        if (op != PatchOp.REMOVE && path.isEmpty() && !value.isObject()) {
            throw ScimException.invalidSyntax(where + ": " + op + " without a path needs an object value");
        }
        if (op == PatchOp.REMOVE && optionalValue.isPresent() && !value.isNull() && !options.removeByValue()) {
            throw ScimException.invalidSyntax(where + ": remove takes no value");
        }
        return new PatchOperation(op, path, optionalValue);
    }

    private static PatchOp op(String text, boolean caseInsensitive, String where) {
        for (PatchOp op : PatchOp.values()) {
            if (caseInsensitive ? op.keyword().equalsIgnoreCase(text) : op.keyword().equals(text)) {
                return op;
            }
        }
        throw ScimException.invalidSyntax(where + ".op must be add, remove or replace, not \""
                + Excerpt.of(text) + "\""
                + (caseInsensitive || !text.toLowerCase(Locale.ROOT).matches("add|remove|replace") ? ""
                        : " (operations are lower case in strict mode)"));
    }

    private static JsonNode member(JsonNode json, String name) {
        return io.scimlab.core.resource.ScimResource.member(json, name);
    }
}
