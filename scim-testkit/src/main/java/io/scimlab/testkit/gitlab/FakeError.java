package io.scimlab.testkit.gitlab;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Thrown inside the fake to answer with an error; carries GitLab's error body and any extra headers. */
final class FakeError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final transient ObjectNode body;
    final transient Map<String, String> headers = new LinkedHashMap<>();

    FakeError(int status, ObjectNode body) {
        super(body.toString(), null, false, false);
        this.status = status;
        this.body = body;
    }

    /** {@code {"message":"..."}}: GitLab's helpers ({@code not_found!}, {@code forbidden!}, ...). */
    static FakeError message(int status, String message) {
        return new FakeError(status, JsonNodeFactory.instance.objectNode().put("message", message));
    }

    /** {@code {"error":"..."}}, GitLab's shape for parameter errors and unknown routes. */
    static FakeError error(int status, String error) {
        return new FakeError(status, JsonNodeFactory.instance.objectNode().put("error", error));
    }

    /** {@code {"message":{"field":["msg"]}}}, GitLab's shape for model validation errors. */
    static FakeError field(String field, String message) {
        return fields(Map.of(field, List.of(message)));
    }

    /** {@code {"message":{"a":["..."],"b":["..."]}}}: a model's validation errors, field by field. */
    static FakeError fields(Map<String, List<String>> errors) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode message = body.putObject("message");
        errors.forEach((f, ms) -> ms.forEach(m -> (message.has(f) ? (com.fasterxml.jackson.databind.node.ArrayNode)
                message.get(f) : message.putArray(f)).add(m)));
        return new FakeError(400, body);
    }

    /** GitLab's SCIM error body: {@code detail} and an integer {@code status}, no scimType. */
    static FakeError scim(int status, String detail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
        body.put("detail", detail).put("status", status);
        return new FakeError(status, body);
    }
}
