package io.scimlab.core.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.JsonErrors;
import io.scimlab.core.internal.Utf8;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies within the limits: size (413) and JSON nesting depth (400 {@code invalidSyntax}), before
 * any deep recursion can happen. Package-private.
 */
final class Bodies {
    private final ObjectMapper mapper;

    Bodies(int maxNestingDepth) {
        this.mapper = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                .build());
    }

    /** Reads at most {@code max} bytes; one more means the body is too large. */
    static byte[] read(InputStream in, long max) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw ScimException.status(413, "the request body is larger than " + max + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ScimException.invalidSyntax("the request body could not be read");
        }
    }

    /**
     * Parses a JSON object body: 400 {@code invalidSyntax} for malformed UTF-8 (with the byte offset), malformed
     * JSON, too deep JSON or a non-object.
     */
    JsonNode object(byte[] body) {
        if (body.length == 0) {
            throw ScimException.invalidSyntax("the request needs a JSON body");
        }
        Utf8.checkJson(body);
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw JsonErrors.malformed(e);
        } catch (IOException e) {
            throw ScimException.invalidSyntax("unreadable request body");
        }
        if (node == null || !node.isObject()) {
            throw ScimException.invalidSyntax("the request body must be a JSON object");
        }
        return node;
    }
}
