package io.scimlab.core.server;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.filter.FilterEvaluator;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.internal.PercentDecoding;
import io.scimlab.core.patch.PatchEngine;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ResourceWriter;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A framework-neutral SCIM 2.0 service provider (RFC 7644): turns a {@link ScimRequest} into a
 * {@link ScimResponse}, calling a {@link ResourceProvider} per resource type for storage.
 *
 * <p>It serves {@code /Users}, {@code /Groups} and any custom resource type registered with a provider (POST, GET,
 * PUT, PATCH, DELETE, lists with filter / sort / index or RFC 9865 cursor paging / projection,
 * {@code /.search}), the root search,
 * {@code /Bulk}, {@code /Me} (when a {@link SubjectMapping} is set) and the discovery endpoints. It authenticates
 * every request, enforces the {@link Limits}, answers every error as SCIM Error JSON with
 * {@code application/scim+json}, and stamps every response with a correlation id ({@code X-Request-Id}).
 *
 * <p>HEAD is answered like GET, with the same status and headers ({@code Content-Length} giving the length of the
 * GET body) and no body.
 *
 * <p>PATCH and PUT answer 200 with the resource, or 204 without a body when the request carries
 * {@code Prefer: return=minimal} (RFC 7240), or for PATCH when {@link Compatibility#patchNoContent()} is on;
 * both carry the new {@code ETag}. An error that says when to retry
 * ({@link io.scimlab.core.error.ScimException#withRetryAfter}) is answered with {@code Retry-After}.
 *
 * <p>Hostile input is refused before it reaches a provider: bodies must be well-formed UTF-8 (400
 * {@code invalidSyntax} naming the byte offset), string values hold no NUL or lone surrogate and names no control
 * character, and values are bounded by {@link Limits#maxStringLength()} and {@link Limits#maxNameLength()}; error
 * details quote input in short excerpts only.
 *
 * <p>Built once by {@link #builder()} and immutable after; thread-safe. Bindings: {@code ScimHttpServer}
 * in {@code io.scimlab.core.http}, or a few lines in any web framework.
 */
public final class ScimServer {
    /** The header carrying the correlation id, read from the request when present and always answered. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final System.Logger LOG = System.getLogger(ScimServer.class.getName());
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private final SchemaRegistry registry;
    private final Map<String, TypeRuntime> typesByEndpoint;
    private final List<TypeRuntime> types;
    private final Authenticator authenticator;
    private final Limits limits;
    private final Compatibility compatibility;
    private final Optional<String> baseUrl;
    private final Optional<SubjectMapping> me;
    private final Bodies bodies;
    private final ResourceHandler resources;
    private final ListHandler lists;
    private final BulkHandler bulk;
    private final Discovery discovery;
    private final List<ScimRequestListener> listeners;
    private final EndpointTemplates endpoints;
    private final FailureLog failures = new FailureLog(LOG, Clock.systemUTC());

    private ScimServer(Builder b) {
        this.registry = b.registry;
        this.authenticator = b.authenticator;
        this.limits = b.limits;
        this.compatibility = b.compatibility;
        this.baseUrl = b.baseUrl.map(ScimServer::trimSlash);
        this.me = Optional.ofNullable(b.me);
        ResourceReader reader = ResourceReader.builder(registry).strict(compatibility.strictReader())
                .maxNestingDepth(limits.maxNestingDepth()).maxStringLength(limits.maxStringLength())
                .maxNameLength(limits.maxNameLength()).build();
        Map<String, TypeRuntime> byEndpoint = new LinkedHashMap<>();
        for (ResourceProvider provider : b.providers) {
            ResourceTypeDefinition declared = provider.resourceType();
            ResourceTypeDefinition type = registry.resourceType(declared.name());
            if (type == null) {
                throw new IllegalArgumentException("resource type " + declared.name() + " is not in the registry");
            }
            TypeRuntime rt = new TypeRuntime(type, provider, PatchEngine.of(reader, type, compatibility.patch()),
                    FilterEvaluator.of(registry, type, compatibility.filter()));
            if (byEndpoint.put(type.endpoint().toLowerCase(Locale.ROOT), rt) != null) {
                throw new IllegalArgumentException("two providers for " + type.endpoint());
            }
        }
        this.typesByEndpoint = Map.copyOf(byEndpoint);
        this.types = List.copyOf(byEndpoint.values());
        this.bodies = new Bodies(limits.maxNestingDepth());
        ResourceWriter writer = ResourceWriter.of(registry);
        this.resources = new ResourceHandler(registry, reader, writer, bodies, limits,
                compatibility.patchNoContent());
        byte[] cursorKey = b.cursorKey;
        if (cursorKey == null) {
            cursorKey = new byte[32];
            new SecureRandom().nextBytes(cursorKey);
        }
        Cursors cursors = new Cursors(cursorKey, b.cursorTimeout, Clock.systemUTC());
        this.lists = new ListHandler(registry, writer, bodies, limits, compatibility, cursors);
        this.bulk = new BulkHandler(this, bodies, limits);
        this.discovery = new Discovery(registry, types, limits, authenticator, b.cursorTimeout);
        this.listeners = List.copyOf(b.listeners);
        this.endpoints = new EndpointTemplates(typesByEndpoint, compatibility.discoveryAliases());
    }

    /** A builder, with lenient compatibility, default limits and the standard schema registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** The schemas and resource types this server knows. */
    public SchemaRegistry registry() {
        return registry;
    }

    /** The limits this server enforces. */
    public Limits limits() {
        return limits;
    }

    /** The compatibility options this server applies. */
    public Compatibility compatibility() {
        return compatibility;
    }

    /** The resource types served, each with its provider. */
    public Collection<ResourceTypeDefinition> resourceTypes() {
        return types.stream().map(TypeRuntime::type).toList();
    }

    /**
     * Handles one request. Never throws for bad input or provider failures: every error becomes a SCIM error
     * response (a provider's unexpected exception a 500 with a correlation id, logged once). Each
     * {@link ScimRequestListener} then hears of it once (a HEAD request as HEAD).
     *
     * @param request the request
     * @return the response, always with the {@code X-Request-Id} header
     */
    public ScimResponse handle(ScimRequest request) {
        if (listeners.isEmpty()) {
            return handleUnobserved(request);
        }
        long start = System.nanoTime();
        ScimResponse response = handleUnobserved(request);
        HandledRequest handled = new HandledRequest(request.method(), endpoints.of(request.path()), response.status(),
                Duration.ofNanos(System.nanoTime() - start), response.header(REQUEST_ID_HEADER).orElse(""));
        for (ScimRequestListener listener : listeners) {
            try {
                listener.requestHandled(handled);
            } catch (RuntimeException e) {
                // An observer must never turn an answer into a failure.
                LOG.log(System.Logger.Level.WARNING, "ScimRequestListener failed: " + e.getClass().getName());
            }
        }
        return response;
    }

    private ScimResponse handleUnobserved(ScimRequest request) {
        if (request.method().equals("HEAD")) {
            return head(request);
        }
        String correlationId = request.header(REQUEST_ID_HEADER).filter(id -> SAFE_ID.matcher(id).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        ScimResponse response;
        try {
            response = authenticateAndRoute(request, correlationId);
            failures.quiet();
        } catch (ScimException e) {
            // A backend outage is one WARNING line per request; a 500 is logged with its stack trace (FailureLog).
            failures.answered(e, correlationId);
            response = Responses.error(e);
        } catch (RuntimeException | StackOverflowError e) {
            // Logged once, here; the client sees only the correlation id, never a message or stack trace.
            failures.unexpected(e, correlationId);
            response = Responses.error(ScimException.status(500, "internal error; correlation id " + correlationId));
        }
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put(REQUEST_ID_HEADER, correlationId);
        return new ScimResponse(response.status(), headers, response.body());
    }

    /**
     * HEAD is GET without the body (RFC 9110 §9.3.2): the same status and headers, with the GET body's length in
     * {@code Content-Length}, so that a binding sends the headers only.
     */
    private ScimResponse head(ScimRequest request) {
        ScimResponse get = handleUnobserved(new ScimRequest("GET", request.path(), request.rawQuery(),
                request.headers(), request.body(), request.remote(), request.baseUrl()));
        Map<String, String> headers = new HashMap<>(get.headers());
        if (get.status() != 204 && get.status() != 304) {
            headers.put("Content-Length", Integer.toString(get.body().length));
        }
        return new ScimResponse(get.status(), headers, new byte[0]);
    }

    private ScimResponse authenticateAndRoute(ScimRequest request, String correlationId) {
        Optional<Authentication> who = authenticator.authenticate(request);
        if (who.isEmpty()) {
            ScimResponse unauthorized = Responses.error(ScimException.status(401,
                    "authentication required: send a valid bearer token"));
            Map<String, String> headers = new HashMap<>(unauthorized.headers());
            headers.put("WWW-Authenticate", authenticator.challenge());
            return new ScimResponse(401, headers, unauthorized.body());
        }
        Authentication a = who.get();
        RequestContext context = new RequestContext(a.principal(), a.tenant(), correlationId, a.attributes());
        List<String> segments = segments(request.path());
        boolean isBulk = segments.size() == 1 && segments.get(0).equalsIgnoreCase("Bulk");
        byte[] body = readBody(request, isBulk ? limits.bulkMaxPayloadBytes() : limits.maxBodyBytes());
        if (body.length > 0) {
            checkContentType(request.header("Content-Type"));
        }
        String base = baseUrl.or(() -> request.baseUrl().map(ScimServer::trimSlash)).orElse("");
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach((name, values) -> {
            if (!values.isEmpty() && !name.equalsIgnoreCase("Authorization")) {
                headers.put(name, values.get(0));
            }
        });
        Call call = new Call(request.method(), parseQuery(request.rawQuery()), headers, body, context, base);
        return route(call, segments, true);
    }

    private static byte[] readBody(ScimRequest request, int max) {
        Optional<String> length = request.header("Content-Length");
        if (length.isPresent()) {
            try {
                if (Long.parseLong(length.get().trim()) > max) {
                    throw ScimException.status(413, "the request body is larger than " + max + " bytes");
                }
            } catch (NumberFormatException e) {
                throw ScimException.invalidSyntax("Content-Length is not a number");
            }
        }
        return Bodies.read(request.body(), max);
    }

    private static void checkContentType(Optional<String> contentType) {
        if (contentType.isEmpty() || contentType.get().isBlank()) {
            return;
        }
        String media = contentType.get().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/scim+json") && !media.equals("application/json")) {
            throw ScimException.status(415, "unsupported Content-Type " + Excerpt.of(media)
                    + "; send application/scim+json or application/json");
        }
    }

    /**
     * Routes a call. Also used by {@link BulkHandler} for each operation (then {@code topLevel} is false, and
     * only resource endpoints are reachable).
     */
    ScimResponse route(Call call, List<String> segments, boolean topLevel) {
        String method = call.method;
        if (segments.isEmpty() || (segments.size() == 1 && segments.get(0).equals(".search"))) {
            if (!topLevel) {
                throw ScimException.invalidValue("a bulk operation must name a resource endpoint");
            }
            if (segments.isEmpty() && method.equals("GET")) {
                return lists.list(call, types, lists.paramsFromQuery(call));
            }
            if (!segments.isEmpty() && method.equals("POST")) {
                return lists.list(call, types, lists.paramsFromBody(call));
            }
            return notAllowed(segments.isEmpty() ? "GET, HEAD" : "POST");
        }
        String first = segments.get(0);
        if (topLevel && segments.size() <= 2) {
            ScimResponse special = routeSpecial(call, first, segments);
            if (special != null) {
                return special;
            }
        }
        TypeRuntime rt = typesByEndpoint.get("/" + first.toLowerCase(Locale.ROOT));
        if (rt == null || segments.size() > 2) {
            throw ScimException.notFound("no SCIM endpoint at " + Excerpt.of("/" + String.join("/", segments)));
        }
        if (segments.size() == 1) {
            return switch (method) {
                case "GET" -> lists.list(call, List.of(rt), lists.paramsFromQuery(call));
                case "POST" -> resources.create(call, rt);
                default -> notAllowed("GET, HEAD, POST");
            };
        }
        String id = segments.get(1);
        if (id.equals(".search")) {
            if (!topLevel) {
                // A bulk operation changes a resource; a search there would run with the bulk's limits.
                throw ScimException.invalidValue("a bulk operation cannot search: /" + Excerpt.of(first)
                        + "/.search is not a resource");
            }
            return method.equals("POST") ? lists.list(call, List.of(rt), lists.paramsFromBody(call))
                    : notAllowed("POST");
        }
        return resourceCall(call, rt, id);
    }

    private ScimResponse resourceCall(Call call, TypeRuntime rt, String id) {
        return switch (call.method) {
            case "GET" -> resources.get(call, rt, id);
            case "PUT" -> resources.replace(call, rt, id);
            case "PATCH" -> resources.patch(call, rt, id);
            case "DELETE" -> resources.delete(call, rt, id);
            default -> notAllowed("GET, HEAD, PUT, PATCH, DELETE");
        };
    }

    private @Nullable ScimResponse routeSpecial(Call call, String first, List<String> segments) {
        String name = first.toLowerCase(Locale.ROOT);
        boolean single = segments.size() == 1;
        if (name.equals("serviceconfiguration") && compatibility.discoveryAliases()) {
            name = "serviceproviderconfig"; // the path Microsoft's SCIM validator asks for
        }
        boolean get = call.method.equals("GET");
        return switch (name) {
            case "serviceproviderconfig" ->
                    !single ? null : get ? discovery.serviceProviderConfig(call) : notAllowed("GET, HEAD");
            case "resourcetypes" -> !get ? notAllowed("GET, HEAD")
                    : single ? discovery.resourceTypes(call) : discovery.resourceType(call, segments.get(1));
            case "schemas" -> !get ? notAllowed("GET, HEAD")
                    : single ? discovery.schemas(call) : discovery.schema(call, segments.get(1));
            case "bulk" -> !single ? null : call.method.equals("POST") ? bulk.handle(call) : notAllowed("POST");
            case "me" -> !single ? null : me(call);
            default -> null;
        };
    }

    private ScimResponse me(Call call) {
        if (me.isEmpty()) {
            throw ScimException.status(501, "/Me is not supported by this service provider");
        }
        TypeRuntime users = typesByEndpoint.get("/users");
        if (users == null) {
            throw ScimException.status(501, "/Me needs a User resource type");
        }
        if (call.method.equals("POST")) {
            throw ScimException.status(501, "creating a resource through /Me is not supported");
        }
        String id = me.get().userId(call.context)
                .orElseThrow(() -> ScimException.notFound("the authenticated subject is not a User"));
        return resourceCall(call, users, id);
    }

    private static ScimResponse notAllowed(String allowed) {
        ScimResponse error = Responses.error(ScimException.status(405,
                "method not allowed here; allowed: " + allowed));
        Map<String, String> headers = new HashMap<>(error.headers());
        headers.put("Allow", allowed);
        return new ScimResponse(405, headers, error.body());
    }

    /** Splits and percent-decodes a path below the base. */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            if (!s.isEmpty()) {
                segments.add(PercentDecoding.pathSegment(s));
            }
        }
        return segments;
    }

    /** Decodes a query string; parameter names are matched case-insensitively (Entra's vary). */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = PercentDecoding.queryPart(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : PercentDecoding.queryPart(pair.substring(eq + 1), false);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    /** The provider of a resource type endpoint, for bulk operations. */
    @Nullable TypeRuntime typeAt(String endpointSegment) {
        return typesByEndpoint.get("/" + endpointSegment.toLowerCase(Locale.ROOT));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "ScimServer{types=" + typesByEndpoint.keySet() + ", baseUrl=" + baseUrl.orElse("(per request)")
                + ", authenticator=" + authenticator + "}";
    }

    /** Builds a {@link ScimServer}. */
    public static final class Builder {
        private SchemaRegistry registry = SchemaRegistry.standard();
        private final List<ResourceProvider> providers = new ArrayList<>();
        private Authenticator authenticator = request -> Optional.empty();
        private Limits limits = Limits.defaults();
        private Compatibility compatibility = Compatibility.lenient();
        private Optional<String> baseUrl = Optional.empty();
        private @Nullable SubjectMapping me;
        private Duration cursorTimeout = Duration.ofHours(1);
        private byte @Nullable [] cursorKey;
        private final List<ScimRequestListener> listeners = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a listener that sees every request the server handles (after those added before): for metrics by
         * endpoint and status, tracing or access logs.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder addRequestListener(ScimRequestListener value) {
            listeners.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * How long an RFC 9865 cursor stays valid after it is issued (default one hour); an older one is 400
         * {@code expiredCursor}. Advertised as {@code pagination.cursorTimeout}.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder cursorTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("cursorTimeout must be positive");
            }
            this.cursorTimeout = value;
            return this;
        }

        /**
         * The secret that authenticates the cursors this server issues (default: random per server instance,
         * so cursors do not survive a restart). Servers behind one load balancer share a key so that any of them
         * accepts the others' cursors.
         *
         * @param value at least 16 bytes of secret (copied)
         * @return this builder
         */
        public Builder cursorKey(byte[] value) {
            if (value.length < 16) {
                throw new IllegalArgumentException("a cursor key has at least 16 bytes");
            }
            this.cursorKey = value.clone();
            return this;
        }

        /**
         * The schemas and resource types (default: the standard registry). Every provider's resource type must
         * be in it.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder registry(SchemaRegistry value) {
            this.registry = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Serves a resource type with a provider (its {@link ResourceProvider#resourceType()}).
         *
         * @param value the provider
         * @return this builder
         */
        public Builder provider(ResourceProvider value) {
            providers.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * How requests are authenticated (default: none gets in, every request is 401).
         *
         * @param value the authenticator
         * @return this builder
         */
        public Builder authenticator(Authenticator value) {
            this.authenticator = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * The limits (default {@link Limits#defaults()}).
         *
         * @param value the limits
         * @return this builder
         */
        public Builder limits(Limits value) {
            this.limits = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * The compatibility options (default {@link Compatibility#lenient()}).
         *
         * @param value the options
         * @return this builder
         */
        public Builder compatibility(Compatibility value) {
            this.compatibility = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * The absolute base URL clients reach the server at, used for {@code meta.location} and {@code Location}
         * (default: the one each request reached, as the binding reports it).
         *
         * @param value e.g. {@code https://scim.example.com/scim/v2}
         * @return this builder
         */
        public Builder baseUrl(String value) {
            this.baseUrl = Optional.of(value);
            return this;
        }

        /**
         * Enables {@code /Me} by mapping the authenticated subject to a User id.
         *
         * @param value the mapping
         * @return this builder
         */
        public Builder me(SubjectMapping value) {
            this.me = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Builds the server. */
        public ScimServer build() {
            return new ScimServer(this);
        }
    }
}
