package io.scimlab.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.Access;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.patch.PatchRequest;
import io.scimlab.core.patch.PatchResult;
import io.scimlab.core.resource.Projection;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ResourceWriter;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.SchemaRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The single-resource endpoints: POST, GET, PUT, PATCH and DELETE (RFC 7644 §3.3 to §3.6), with ETags and the
 * re-read-and-re-apply loop for concurrent changes. Package-private.
 */
final class ResourceHandler {
    private final SchemaRegistry registry;
    private final ResourceReader reader;
    private final ResourceWriter writer;
    private final Bodies bodies;
    private final Limits limits;
    private final boolean patchNoContent;

    ResourceHandler(SchemaRegistry registry, ResourceReader reader, ResourceWriter writer, Bodies bodies,
            Limits limits, boolean patchNoContent) {
        this.registry = registry;
        this.reader = reader;
        this.writer = writer;
        this.bodies = bodies;
        this.limits = limits;
        this.patchNoContent = patchNoContent;
    }

    ScimResponse create(Call call, TypeRuntime rt) {
        ScimResource request = reader.readRequest(bodies.object(call.body), rt.type());
        if (request.id() != null) {
            // id is the server's (RFC 7643 §3.1): a client's id in a POST body is ignored.
            ObjectNode json = request.toJson();
            json.remove("id");
            request = Access.wrap(json);
        }
        ScimResource created = rt.provider().create(request, call.context);
        ScimResource located = locate(created, rt.type(), call.baseUrl);
        Map<String, String> headers = new HashMap<>();
        headers.put("Location", located.meta().location().orElse(""));
        return respond(201, located, rt, call, headers);
    }

    ScimResponse get(Call call, TypeRuntime rt, String id) {
        ScimResource resource = fetch(call, rt, id);
        String etag = ETags.of(resource);
        Optional<String> ifNoneMatch = call.header("If-None-Match");
        if (ifNoneMatch.isPresent() && ETags.matches(ifNoneMatch.get(), etag)) {
            return Responses.empty(304, Map.of("ETag", etag));
        }
        return respond(200, locate(resource, rt.type(), call.baseUrl), rt, call, new HashMap<>());
    }

    ScimResponse replace(Call call, TypeRuntime rt, String id) {
        ScimResource replacement = reader.readRequest(bodies.object(call.body), rt.type());
        return updated(call, rt, id, true, current -> rt.patches().replace(current, replacement));
    }

    ScimResponse patch(Call call, TypeRuntime rt, String id) {
        PatchRequest request = PatchRequest.parse(bodies.object(call.body), rt.patches().options());
        return updated(call, rt, id, false, current -> rt.patches().apply(current, request));
    }

    ScimResponse delete(Call call, TypeRuntime rt, String id) {
        Optional<String> ifMatch = call.header("If-Match");
        if (ifMatch.isPresent()) {
            // Checked against a fresh read: a change between this read and the delete is not detected, which a
            // provider may close by checking the version itself.
            checkIfMatch(ifMatch.get(), fetch(call, rt, id));
        }
        rt.provider().delete(id, call.context);
        return Responses.empty(204, Map.of());
    }

    private ScimResponse changed(Call call, TypeRuntime rt, ScimResource stored, boolean replace) {
        ScimResource located = locate(stored, rt.type(), call.baseUrl);
        if (call.prefersMinimal() || (!replace && patchNoContent && !call.prefersRepresentation()
                && call.param("attributes").isEmpty() && call.param("excludedAttributes").isEmpty())) {
            return Responses.empty(204, Map.of("ETag", ETags.of(located)));
        }
        return respond(200, located, rt, call, new HashMap<>());
    }

    /**
     * Updates and answers with the stored resource; when the retries for a client without {@code If-Match} run
     * out, 503 with {@code Retry-After: 1}: the client never asked for a precondition, so a 412 would be
     * meaningless to it, while the change is worth retrying.
     */
    private ScimResponse updated(Call call, TypeRuntime rt, String id, boolean replace,
            Function<ScimResource, PatchResult> change) {
        ScimResource stored;
        try {
            stored = update(call, rt, id, replace, change);
        } catch (RetriesExhausted e) {
            throw ScimException.status(503, rt.type().name() + " " + Excerpt.of(id)
                    + " is being changed concurrently; retry the request").withRetryAfter(Duration.ofSeconds(1));
        }
        return changed(call, rt, stored, replace);
    }

    /** Thrown by {@link #update} when a request without {@code If-Match} still conflicts after every retry. */
    private static final class RetriesExhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetriesExhausted() {
            super(null, null, false, false);
        }
    }

    /**
     * Get, change, store; when the provider reports a concurrent change and the client sent no {@code If-Match},
     * re-read and re-apply (bounded, with a jittered backoff), so concurrent PATCHes to one group lose nothing.
     */
    private ScimResource update(Call call, TypeRuntime rt, String id, boolean replace,
            Function<ScimResource, PatchResult> change) {
        Optional<String> ifMatch = call.header("If-Match");
        for (int attempt = 0; ; attempt++) {
            ScimResource current = fetch(call, rt, id);
            ifMatch.ifPresent(tag -> checkIfMatch(tag, current));
            PatchResult result = change.apply(current);
            if (result.changes().isEmpty()) {
                return current;
            }
            try {
                ResourceUpdate update = replace
                        ? ResourceUpdate.replace(id, current, result.resource(), result.changes())
                        : ResourceUpdate.patch(id, current, result);
                return rt.provider().update(update, call.context);
            } catch (ScimException e) {
                if (e.status() != 412 || ifMatch.isPresent()) {
                    throw e;
                }
                if (attempt >= limits.maxVersionRetries()) {
                    throw new RetriesExhausted();
                }
                long maxMicros = Math.min(20_000L, 100L << Math.min(attempt, 10));
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(10, maxMicros) * 1000L);
            }
        }
    }

    private static void checkIfMatch(String ifMatch, ScimResource current) {
        if (!ETags.matches(ifMatch, ETags.of(current))) {
            throw ScimException.status(412, "If-Match " + Excerpt.of(ifMatch) + " does not match the current version "
                    + ETags.of(current));
        }
    }

    private static ScimResource fetch(Call call, TypeRuntime rt, String id) {
        return rt.provider().get(id, call.context)
                .orElseThrow(() -> ScimException.notFound(rt.type().name() + " " + Excerpt.of(id) + " not found"));
    }

    private ScimResponse respond(int status, ScimResource resource, TypeRuntime rt, Call call,
            Map<String, String> headers) {
        Projection projection = Projection.parse(call.param("attributes").orElse(null),
                call.param("excludedAttributes").orElse(null), rt.type(), registry);
        headers.put("ETag", ETags.of(resource));
        return Responses.json(status, writer.writeBytes(resource, rt.type(), projection), headers);
    }

    /** The resource with {@code meta.resourceType}, {@code meta.location} and {@code meta.version} set. */
    static ScimResource locate(ScimResource resource, ResourceTypeDefinition type, String baseUrl) {
        String location = baseUrl + type.endpoint() + "/" + resource.id();
        JsonNode meta = Access.json(resource).get("meta");
        if (meta != null && meta.isObject() && location.equals(meta.path("location").asText(null))
                && type.name().equals(meta.path("resourceType").asText(null)) && meta.has("version")) {
            return resource;
        }
        String version = ETags.of(resource);
        ObjectNode json = resource.toJson();
        ObjectNode m = json.get("meta") instanceof ObjectNode o ? o : json.putObject("meta");
        m.put("resourceType", type.name());
        m.put("location", location);
        m.put("version", version);
        return Access.wrap(json);
    }
}
