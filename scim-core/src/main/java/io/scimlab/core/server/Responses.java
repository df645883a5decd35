package io.scimlab.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.Json;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link ScimResponse}s: every JSON body as {@code application/scim+json}. Package-private. */
final class Responses {
    private Responses() {}

    static ScimResponse json(int status, byte[] body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("Content-Type", ScimResponse.SCIM_JSON);
        return new ScimResponse(status, headers, body);
    }

    static ScimResponse json(int status, JsonNode body) {
        return json(status, Json.toBytes(body), Map.of());
    }

    static ScimResponse empty(int status, Map<String, String> headers) {
        return new ScimResponse(status, headers, new byte[0]);
    }

    /** The error body, with {@code Retry-After} when the error says when to retry. */
    static ScimResponse error(ScimException e) {
        byte[] body = Json.toBytes(e.toErrorJson());
        return json(e.status(), body, e.retryAfterHeader().map(v -> Map.of("Retry-After", v)).orElse(Map.of()));
    }
}
