package io.scimlab.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import io.scimlab.testkit.gitlab.InjectedFault;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox's admin endpoint for testing a SCIM client against GitLab's failures: fault injection into the
 * embedded fake GitLab, seeding it, and its request journal, as JSON over HTTP on 127.0.0.1, under
 * {@code /_admin}. It has its own bearer token, which is neither the SCIM token nor the GitLab token, and runs only
 * with the embedded fake (never against a real GitLab).
 *
 * <ul>
 *   <li>{@code POST /_admin/faults} injects a fault rule (201 with its {@code id}); {@code GET /_admin/faults} lists
 *       the rules with their counts; {@code DELETE /_admin/faults/<id>} removes one, {@code DELETE /_admin/faults}
 *       all.</li>
 *   <li>{@code POST /_admin/seed} adds groups, users (with identities, a state, the administrator flag) and
 *       memberships (201 with their ids).</li>
 *   <li>{@code GET /_admin/journal} lists the requests the fake received (method, path, query, status, and whether
 *       GitLab processed it); {@code DELETE /_admin/journal} clears it.</li>
 * </ul>
 * Errors are {@code {"error":"..."}} with 400 (bad input, naming the field), 401, 404 or 405.
 */
final class SandboxAdmin implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;
    private static final Set<String> FAULT_FIELDS = Set.of("kind", "status", "body", "retryAfterSeconds", "latencyMs",
            "method", "path", "afterRequests", "every", "times", "probability", "seed", "startingAfterMs", "duringMs",
            "headers");

    private final FakeGitLab fake;
    private final GitLabClient gitlab;
    private final LoopbackEndpoint endpoint;
    private final Map<String, InjectedFault> faults = new LinkedHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();

    /** Bad input: answered 400 with the message. */
    static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }

    /** A route or resource that does not exist (404), or a method it does not take (405). */
    private record Status(int code, String message) {
    }

    private SandboxAdmin(FakeGitLab fake, int port, String token) {
        this.fake = fake;
        this.endpoint = LoopbackEndpoint.bind("/_admin", port, token, "scim-sandbox-admin");
        this.gitlab = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken()).requestsPerMinute(0)
                .build();
    }

    /** Starts the endpoint on 127.0.0.1 ({@code port} 0: a free one). */
    static SandboxAdmin start(FakeGitLab fake, int port, String token) {
        SandboxAdmin admin = new SandboxAdmin(fake, port, token);
        admin.endpoint.serve(admin::handle);
        return admin;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081/_admin}. */
    String baseUrl() {
        return endpoint.url();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!endpoint.authorized(x.getRequestHeaders().getFirst("Authorization"))) {
                x.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                send(x, 401, error("the admin token is missing or wrong (it is not the SCIM or GitLab token)"));
                return;
            }
            try {
                Object answer = route(x.getRequestMethod(), x.getRequestURI().getPath(), x);
                if (answer instanceof Status s) {
                    send(x, s.code(), error(s.message()));
                } else if (answer == null) {
                    send(x, 204, null);
                } else {
                    send(x, x.getRequestMethod().equals("POST") ? 201 : 200, (JsonNode) answer);
                }
            } catch (BadInput | IllegalArgumentException | IllegalStateException e) {
                send(x, 400, error(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            } catch (RuntimeException e) {
                send(x, 500, error("admin endpoint failed: " + e.getClass().getSimpleName()));
            }
        }
    }

    private @Nullable Object route(String method, String path, HttpExchange x) throws IOException {
        String rest = path.replaceFirst("^/_admin/?", "");
        switch (rest) {
            case "faults" -> {
                return switch (method) {
                    case "GET" -> listFaults();
                    case "POST" -> injectFault(body(x));
                    case "DELETE" -> {
                        synchronized (faults) {
                            faults.values().forEach(InjectedFault::remove);
                            faults.clear();
                        }
                        yield null;
                    }
                    default -> new Status(405, "use GET, POST or DELETE on /_admin/faults");
                };
            }
            case "seed" -> {
                return method.equals("POST") ? new SandboxSeed(fake, gitlab, this::makeAdmin).seed(body(x))
                        : new Status(405, "use POST on /_admin/seed");
            }
            case "journal" -> {
                return switch (method) {
                    case "GET" -> journal();
                    case "DELETE" -> {
                        fake.clearJournal();
                        yield null;
                    }
                    default -> new Status(405, "use GET or DELETE on /_admin/journal");
                };
            }
            default -> {
                if (rest.startsWith("faults/")) {
                    if (!method.equals("DELETE")) {
                        return new Status(405, "use DELETE on /_admin/faults/<id>");
                    }
                    synchronized (faults) {
                        InjectedFault f = faults.remove(rest.substring("faults/".length()));
                        if (f == null) {
                            return new Status(404, "no fault " + rest.substring("faults/".length()));
                        }
                        f.remove();
                    }
                    return null;
                }
                return new Status(404, "no admin resource " + path + " (faults, seed, journal)");
            }
        }
    }

    private JsonNode listFaults() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("faults");
        Instant now = Instant.now();
        synchronized (faults) {
            faults.forEach((id, f) -> list.addObject().put("id", id).put("rule", f.fault().toString())
                    .put("kind", f.fault().kind().name()).put("active", f.activeAt(now)).put("matched", f.matched())
                    .put("fired", f.fired()));
        }
        return out;
    }

    /** A fault rule from JSON; every field but {@code kind} optional, unknown fields refused. */
    private JsonNode injectFault(JsonNode in) {
        for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FAULT_FIELDS.contains(field)) {
                throw new BadInput("unknown field " + field + "; a fault has " + FAULT_FIELDS);
            }
        }
        String kind = text(in, "kind", "");
        Fault f = switch (kind) {
            case "status" -> in.has("body") ? Fault.status(integer(in, "status", 500, 100, 599), text(in, "body", ""))
                    : Fault.status(integer(in, "status", 500, 100, 599));
            case "rateLimit" -> Fault.rateLimited(integer(in, "retryAfterSeconds", 60, 0, 86_400));
            case "endpointRateLimit" -> in.has("retryAfterSeconds")
                    ? Fault.endpointRateLimited(integer(in, "retryAfterSeconds", 60, 0, 86_400))
                    : Fault.endpointRateLimited();
            case "latency" -> Fault.latency(Duration.ofMillis(integer(in, "latencyMs", 1000, 0, 600_000)));
            case "dropConnection" -> Fault.dropConnection();
            case "dropResponse" -> Fault.dropResponse();
            default -> throw new BadInput("kind must be status, rateLimit, endpointRateLimit, latency, "
                    + "dropConnection or dropResponse, not \"" + kind + "\"");
        };
        String pathRegex = text(in, "path", ".*");
        try {
            Pattern.compile(pathRegex);
        } catch (PatternSyntaxException e) {
            throw new BadInput("path is not a regular expression: " + e.getDescription());
        }
        f = f.on(text(in, "method", "*"), pathRegex);
        if (in.has("afterRequests")) {
            f = f.afterRequests(integer(in, "afterRequests", 0, 0, Integer.MAX_VALUE));
        }
        if (in.has("every")) {
            f = f.every(integer(in, "every", 1, 1, Integer.MAX_VALUE));
        }
        if (in.has("times")) {
            f = f.times(integer(in, "times", -1, 0, Integer.MAX_VALUE));
        }
        if (in.has("probability")) {
            JsonNode p = in.get("probability");
            if (!p.isNumber()) {
                throw new BadInput("probability must be a number from 0 to 1");
            }
            f = f.probability(p.asDouble(), in.path("seed").asLong(42));
        }
        if (in.has("startingAfterMs")) {
            f = f.startingAfter(Duration.ofMillis(integer(in, "startingAfterMs", 0, 0, Integer.MAX_VALUE)));
        }
        if (in.has("duringMs")) {
            f = f.during(Duration.ofMillis(integer(in, "duringMs", 1, 1, Integer.MAX_VALUE)));
        }
        if (in.has("headers")) {
            if (!in.get("headers").isObject()) {
                throw new BadInput("headers must be an object of names to values");
            }
            for (Map.Entry<String, JsonNode> h : in.get("headers").properties()) {
                f = f.header(h.getKey(), h.getValue().asText());
            }
        }
        String id = "f" + nextId.incrementAndGet();
        synchronized (faults) {
            faults.put(id, fake.inject(f));
        }
        return JSON.createObjectNode().put("id", id).put("rule", f.toString());
    }

    private JsonNode journal() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("entries");
        for (JournalEntry e : fake.journal()) {
            list.addObject().put("method", e.method()).put("path", e.path()).put("query", e.query())
                    .put("status", e.status()).put("answered", e.answered()).put("processed", e.processed());
        }
        return out;
    }

    /** GitLab's users API sets the administrator flag ({@code PUT /users/:id} with {@code admin}). */
    private void makeAdmin(GitLabUser user) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fake.baseUrl()
                    + "/api/v4/users/" + user.id())).header("PRIVATE-TOKEN", fake.adminToken())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"admin\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the fake GitLab refused to make " + user.username()
                        + " an administrator: " + r.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static JsonNode body(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new BadInput("the body is larger than " + MAX_BODY + " bytes");
            }
            JsonNode n;
            try {
                n = JSON.readTree(bytes);
            } catch (IOException e) {
                throw new BadInput("the body is not JSON");
            }
            if (n == null || !n.isObject()) {
                throw new BadInput("the body must be a JSON object");
            }
            return n;
        }
    }

    static String text(JsonNode in, String field, String fallback) {
        JsonNode n = in.get(field);
        if (n == null) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw new BadInput(field + " must be a string");
        }
        return n.asText();
    }

    static int integer(JsonNode in, String field, int fallback, int min, int max) {
        JsonNode n = in.get(field);
        if (n == null) {
            return fallback;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
            throw new BadInput(field + " must be a whole number from " + min + " to " + max);
        }
        return n.asInt();
    }

    static BadInput bad(String message) {
        return new BadInput(message);
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void send(HttpExchange x, int status, @Nullable JsonNode body) throws IOException {
        if (body == null) {
            x.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        endpoint.close();
        gitlab.close();
    }

    @Override
    public String toString() {
        return "SandboxAdmin[" + baseUrl() + ", token=****]";
    }

    /** Resolves a group path of the fake to its id. */
    static long groupId(GitLabClient gitlab, String path) {
        return gitlab.groups().find(GroupRef.path(path)).orElseThrow(() -> bad("no group " + path)).id();
    }
}
