package io.scimlab.testkit.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A stateful fake GitLab on the JDK's HTTP server, bound to 127.0.0.1 on a free port. It answers GitLab's REST v4
 * paths (users, groups, members, SAML group links, service accounts, tokens, audit events) and GitLab's SCIM API
 * with GitLab's status codes, error bodies and pagination headers, so any HTTP client can be tested against it.
 *
 * <p>Two modes: {@link Mode#SELF_MANAGED} (the admin token may manage users; instance SCIM at
 * {@code /api/scim/v2/application}) and {@link Mode#GITLAB_COM} ({@code /users} writes answer 403; group SCIM at
 * {@code /api/scim/v2/groups/:path}). Faults ({@link #inject(Fault)}), a request {@link #journal()} and seeding
 * methods make tests precise. Thread-safe. Simplifications: group roles of the caller are not checked (any valid
 * token may manage any group), and deletions complete at once.
 *
 * <p><b>Run your tests with {@code -Dsun.net.httpserver.nodelay=true}.</b> The JDK's HTTP server writes a
 * response's headers and its body separately; with Nagle's algorithm on (the JDK's default) the body then waits
 * for the client's delayed ACK, about 40 ms a request, which caps the fake near 25 requests a second per
 * connection. The JDK takes the switch only from that JVM-wide system property, read once when its first HTTP
 * server starts, and the fake, being a library, sets no system property: set it for the test JVM, e.g. in Maven
 * Surefire's {@code <systemPropertyVariables>}, Gradle's {@code test { systemProperty(...) }} or on the command
 * line. Without it the fake logs a hint once.
 */
public final class FakeGitLab implements AutoCloseable {
    /** Which GitLab the fake imitates. */
    public enum Mode {
        /** A self-managed instance: admin token, {@code /users} writes, instance-level SCIM. */
        SELF_MANAGED,
        /** GitLab.com: no {@code /users} writes, group-level SCIM, only subgroups may be created. */
        GITLAB_COM
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The JDK's switch for TCP_NODELAY on its HTTP server's connections; see the class documentation. */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final AtomicBoolean NODELAY_HINTED = new AtomicBoolean();

    private final Mode mode;
    private final FakeApi api;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final String adminToken;
    private final long adminId;
    // Appended on every request, so not copy-on-write; readers copy it under its lock.
    private final List<JournalEntry> journal = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<FaultState> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final int rateLimitPerMinute;
    private final Object rateLock = new Object();
    private long windowStart;
    private int windowCount;

    private static final class FaultState {
        final Fault fault;
        final AtomicInteger matched = new AtomicInteger();
        final AtomicInteger fired = new AtomicInteger();

        FaultState(Fault fault) {
            this.fault = fault;
        }
    }

    private FakeGitLab(Builder b) {
        this.mode = b.mode;
        this.rateLimitPerMinute = b.rateLimitPerMinute;
        this.api = new FakeApi(b.mode == Mode.GITLAB_COM, b.defaultScimLevel);
        this.adminId = api.seedUser("root", "admin@example.com", "Administrator", b.mode == Mode.SELF_MANAGED);
        this.adminToken = b.adminToken == null ? api.seedToken(adminId, List.of("api"))
                : api.seedToken(adminId, List.of("api"), b.adminToken);
        if (System.getProperty(NODELAY_PROPERTY) == null && NODELAY_HINTED.compareAndSet(false, true)) {
            System.getLogger(FakeGitLab.class.getName()).log(System.Logger.Level.INFO, "FakeGitLab: "
                    + NODELAY_PROPERTY + " is not set, so each response may wait about 40 ms for a delayed ACK;"
                    + " run the tests with -D" + NODELAY_PROPERTY + "=true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "fake-gitlab-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        api.baseUrl(baseUrl);
    }

    /**
     * A builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a self-managed fake with default settings.
     *
     * @return the running fake
     */
    public static FakeGitLab selfManaged() {
        return builder().mode(Mode.SELF_MANAGED).start();
    }

    /**
     * Starts a GitLab.com fake with default settings.
     *
     * @return the running fake
     */
    public static FakeGitLab gitlabCom() {
        return builder().mode(Mode.GITLAB_COM).start();
    }

    /**
     * The mode.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The base URL, e.g. {@code http://127.0.0.1:41234} (REST is under {@code /api/v4}).
     *
     * @return the URL
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The token of user {@code root} (id 1): an administrator in self-managed mode, a plain user (who may manage
     * groups) in GitLab.com mode.
     *
     * @return the token
     */
    public String adminToken() {
        return adminToken;
    }

    /**
     * The user id behind {@link #adminToken()}.
     *
     * @return the id
     */
    public long adminUserId() {
        return adminId;
    }

    // ------------------------------------------------------------------ seeding

    /**
     * Adds an active user.
     *
     * @param username the username
     * @param email    the email
     * @return the user id
     */
    public long seedUser(String username, String email) {
        return api.seedUser(username, email, username, false);
    }

    /**
     * Adds an active user with a display name.
     *
     * @param username the username
     * @param email    the email
     * @param name     the display name
     * @return the user id
     */
    public long seedUser(String username, String email, String name) {
        return api.seedUser(username, email, name, false);
    }

    /**
     * Adds {@code count} users named {@code prefix1..prefixN} with emails {@code prefixN@example.com}.
     *
     * @param prefix the username prefix
     * @param count  how many
     * @return the ids in order
     */
    public List<Long> seedUsers(String prefix, int count) {
        List<Long> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add(api.seedUser(prefix + i, prefix + i + "@example.com", prefix + " " + i, false));
        }
        return ids;
    }

    /**
     * Adds an identity to a user.
     *
     * @param userId    the user
     * @param provider  the provider
     * @param externUid the external id
     */
    public void seedIdentity(long userId, String provider, String externUid) {
        api.seedIdentity(userId, provider, externUid);
    }

    /**
     * Sets a user's state directly, e.g. {@code ldap_blocked}.
     *
     * @param userId the user
     * @param state  the state
     */
    public void seedUserState(long userId, String state) {
        api.seedState(userId, state);
    }

    /**
     * Adds a top-level group.
     *
     * @param path the path (also used as name)
     * @return the group id
     */
    public long seedGroup(String path) {
        return api.seedGroup(path, path, null);
    }

    /**
     * Adds a subgroup.
     *
     * @param parentId the parent id
     * @param path     the path (also used as name)
     * @return the group id
     */
    public long seedSubgroup(long parentId, String path) {
        return api.seedGroup(path, path, parentId);
    }

    /**
     * Adds or replaces a direct membership.
     *
     * @param groupId     the group
     * @param userId      the user
     * @param accessLevel the level, e.g. 30
     */
    public void seedMember(long groupId, long userId, int accessLevel) {
        api.seedMember(groupId, userId, accessLevel);
    }

    /**
     * Adds a SAML group link.
     *
     * @param groupId     the group
     * @param name        the SAML group name
     * @param accessLevel the level
     */
    public void seedSamlGroupLink(long groupId, String name, int accessLevel) {
        api.seedSamlGroupLink(groupId, name, accessLevel);
    }

    /**
     * Issues a personal access token for a user (scope {@code api}, valid a year).
     *
     * @param userId the user
     * @return the token value
     */
    public String seedToken(long userId) {
        return api.seedToken(userId, List.of("api"));
    }

    /**
     * Issues the SCIM token of a top-level group (GitLab.com mode).
     *
     * @param groupId the top-level group
     * @return the token, to send as {@code Authorization: Bearer}
     */
    public String seedGroupScimToken(long groupId) {
        return api.seedScimToken(groupId);
    }

    /**
     * Issues the instance SCIM token (self-managed mode).
     *
     * @return the token, to send as {@code Authorization: Bearer}
     */
    public String seedInstanceScimToken() {
        return api.seedScimToken(null);
    }

    // ------------------------------------------------------------------ inspection

    /**
     * A user's state, read without going through HTTP.
     *
     * @param userId the user
     * @return the state, empty when the user does not exist
     */
    public Optional<String> userState(long userId) {
        return api.userState(userId);
    }

    /**
     * Whether a user is a service account: {@code "instance"}, {@code "group:<id>"} for a group's, empty for a
     * person or an unknown user.
     *
     * @param userId the user
     * @return the kind
     */
    public Optional<String> serviceAccountKind(long userId) {
        return api.serviceAccountKind(userId);
    }

    /**
     * A direct membership's level.
     *
     * @param groupId the group
     * @param userId  the user
     * @return the level, empty when not a direct member
     */
    public Optional<Integer> memberLevel(long groupId, long userId) {
        return api.directLevel(groupId, userId);
    }

    /**
     * The number of users, including {@code root}.
     *
     * @return the count
     */
    public int userCount() {
        return api.userCount();
    }

    /**
     * The id of a token, for GitLab's rotate-by-id endpoints.
     *
     * @param token the value
     * @return the id, empty for an unknown value
     */
    public OptionalLong tokenId(String token) {
        return api.tokenId(token);
    }

    /**
     * A token's expiry date ({@code yyyy-mm-dd}).
     *
     * @param token the value
     * @return the date, empty for an unknown value
     */
    public Optional<String> tokenExpiry(String token) {
        return api.tokenExpiry(token);
    }

    /**
     * Sets a token's expiry date; like GitLab, a token is refused (401) from the day after it.
     *
     * @param token the value
     * @param date  the last day it is valid
     */
    public void setTokenExpiry(String token, java.time.LocalDate date) {
        api.tokenExpires(token, date);
    }

    /**
     * Revokes one token, as an administrator would in the UI.
     *
     * @param token the value
     */
    public void revokeToken(String token) {
        api.revokeToken(token);
    }

    /**
     * Whether a token value still authenticates.
     *
     * @param token the value
     * @return true when known and not revoked
     */
    public boolean tokenActive(String token) {
        return api.tokenActive(token);
    }

    /**
     * The requests received so far, oldest first.
     *
     * @return a snapshot
     */
    public List<JournalEntry> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    /**
     * The requests received so far with this method whose raw path matches the regular expression.
     *
     * @param method    the method
     * @param pathRegex the path pattern
     * @return the matching entries
     */
    public List<JournalEntry> journal(String method, String pathRegex) {
        return journal().stream().filter(e -> e.method().equals(method) && e.path().matches(pathRegex)).toList();
    }

    /** Forgets the journal. */
    public void clearJournal() {
        journal.clear();
    }

    /**
     * How many requests arrived since start.
     *
     * @return the count
     */
    public long requestCount() {
        return requests.get();
    }

    // ------------------------------------------------------------------ faults

    /**
     * Adds a fault rule; rules are checked in the order added.
     *
     * @param fault the rule
     */
    public void inject(Fault fault) {
        faults.add(new FaultState(fault));
    }

    /** Removes all fault rules. */
    public void clearFaults() {
        faults.clear();
    }

    /** Stops the server and its threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeGitLab[" + mode + " at " + baseUrl + "]";
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = ex.getRequestURI().getRawPath();
        String rawQuery = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        byte[] bodyBytes = ex.getRequestBody().readAllBytes();
        String bodyText = new String(bodyBytes, StandardCharsets.UTF_8);
        boolean dropResponse = false;
        try {
            for (FaultState f : faults) {
                if (!f.fault.matches(method, rawPath)) {
                    continue;
                }
                int n = f.matched.incrementAndGet();
                if (!f.fault.firesOn(n, f.fired.get())) {
                    continue;
                }
                f.fired.incrementAndGet();
                switch (f.fault.kind()) {
                    case LATENCY -> sleep(f.fault.delay());
                    case DROP -> {
                        journal.add(new JournalEntry(method, rawPath, rawQuery, bodyText, 0));
                        // Closing before any response header closes the TCP connection: the client sees EOF.
                        ex.close();
                        return;
                    }
                    case RATE_LIMIT -> {
                        f.fault.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                        tooMany(ex, f.fault.retryAfterSeconds(), method, rawPath, rawQuery, bodyText);
                        return;
                    }
                    case DROP_RESPONSE -> dropResponse = true;
                    case STATUS -> {
                        send(ex, f.fault.statusCode(), f.fault.body().getBytes(StandardCharsets.UTF_8),
                                f.fault.headers(), method, rawPath, rawQuery, bodyText);
                        return;
                    }
                    default -> throw new IllegalStateException();
                }
            }
            if (rateLimitPerMinute > 0 && !takeRateToken(ex)) {
                tooMany(ex, secondsToWindowEnd(), method, rawPath, rawQuery, bodyText);
                return;
            }
            FakeApi.Resp resp;
            try {
                resp = api.handle(request(ex, method, rawPath, rawQuery, bodyBytes));
            } catch (FakeError e) {
                resp = FakeApi.Resp.of(e.status, e.body);
            } catch (RuntimeException e) {
                resp = FakeApi.Resp.of(500, FakeApi.JSON.objectNode().put("message", "500 Internal Server Error"));
            }
            if (dropResponse) {
                journal.add(new JournalEntry(method, rawPath, rawQuery, bodyText, 0));
                return;
            }
            byte[] out = resp.body() == null ? new byte[0] : MAPPER.writeValueAsBytes(resp.body());
            send(ex, resp.status(), out, resp.headers(), method, rawPath, rawQuery, bodyText);
        } finally {
            ex.close();
        }
    }

    private FakeApi.Req request(HttpExchange ex, String method, String rawPath, String rawQuery, byte[] body) {
        List<String> segments = Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
        ObjectNode params = FakeApi.JSON.objectNode();
        parseForm(rawQuery, params);
        String type = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (body.length > 0) {
            if (type.contains("json")) {
                try {
                    JsonNode json = MAPPER.readTree(body);
                    if (json instanceof ObjectNode o) {
                        params.setAll(o);
                    }
                } catch (IOException e) {
                    throw FakeError.error(400, "body is not valid JSON");
                }
            } else {
                parseForm(new String(body, StandardCharsets.UTF_8), params);
            }
        }
        String token = ex.getRequestHeaders().getFirst("PRIVATE-TOKEN");
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        boolean hasAuth = token != null || authorization != null;
        if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        return new FakeApi.Req(method, segments, params, token, hasAuth, rawPath, rawQuery);
    }

    private static void parseForm(String form, ObjectNode into) {
        if (form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
            String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            if (key.endsWith("[]")) {
                String k = key.substring(0, key.length() - 2);
                JsonNode existing = into.get(k);
                (existing != null && existing.isArray() ? (com.fasterxml.jackson.databind.node.ArrayNode) existing
                        : into.putArray(k)).add(value);
            } else {
                into.put(key, value);
            }
        }
    }

    private boolean takeRateToken(HttpExchange ex) {
        synchronized (rateLock) {
            long now = System.currentTimeMillis();
            if (now - windowStart >= 60_000) {
                // The window opens with its first request, so a short test never straddles two windows.
                windowStart = now;
                windowCount = 0;
            }
            windowCount++;
            int remaining = Math.max(0, rateLimitPerMinute - windowCount);
            ex.getResponseHeaders().set("RateLimit-Limit", Integer.toString(rateLimitPerMinute));
            ex.getResponseHeaders().set("RateLimit-Remaining", Integer.toString(remaining));
            ex.getResponseHeaders().set("RateLimit-Reset", Long.toString((windowStart + 60_000) / 1000));
            return windowCount <= rateLimitPerMinute;
        }
    }

    private long secondsToWindowEnd() {
        synchronized (rateLock) {
            return Math.max(1, (windowStart + 60_000 - System.currentTimeMillis() + 999) / 1000);
        }
    }

    private void tooMany(HttpExchange ex, long retryAfter, String method, String rawPath, String rawQuery,
            String body) throws IOException {
        long reset = System.currentTimeMillis() / 1000 + retryAfter;
        int limit = rateLimitPerMinute > 0 ? rateLimitPerMinute : 2000;
        send(ex, 429, "Retry later\n".getBytes(StandardCharsets.UTF_8), Map.of(
                "Content-Type", "text/plain",
                "Retry-After", Long.toString(retryAfter),
                "RateLimit-Limit", Integer.toString(limit),
                "RateLimit-Observed", Integer.toString(limit + 1),
                "RateLimit-Remaining", "0",
                "RateLimit-Reset", Long.toString(reset),
                "RateLimit-ResetTime", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(reset),
                                java.time.ZoneOffset.UTC))), method, rawPath, rawQuery, body);
    }

    private void send(HttpExchange ex, int status, byte[] body, Map<String, String> headers, String method,
            String rawPath, String rawQuery, String requestBody) throws IOException {
        journal.add(new JournalEntry(method, rawPath, rawQuery, requestBody, status));
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (!headers.containsKey("Content-Type")) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
        if (status == 204 || body.length == 0) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures and starts a {@link FakeGitLab}. */
    public static final class Builder {
        private Mode mode = Mode.SELF_MANAGED;
        private int threads = 16;
        private int rateLimitPerMinute;
        private int defaultScimLevel = 10;
        private int port;
        private @Nullable String adminToken;

        private Builder() {
        }

        /**
         * The port on 127.0.0.1 (default 0: a free port).
         *
         * @param value the port, 0 to 65535
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535");
            }
            this.port = value;
            return this;
        }

        /**
         * The administrator's token (default: a random one).
         *
         * @param value the token value
         * @return this builder
         */
        public Builder adminToken(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("the admin token must not be blank");
            }
            this.adminToken = value;
            return this;
        }

        /**
         * The mode (default self-managed).
         *
         * @param value the mode
         * @return this builder
         */
        public Builder mode(Mode value) {
            this.mode = value;
            return this;
        }

        /**
         * Server threads (default 16); latency faults hold one each.
         *
         * @param value the count
         * @return this builder
         */
        public Builder threads(int value) {
            this.threads = value;
            return this;
        }

        /**
         * Enforces a per-minute request limit with GitLab's {@code RateLimit-*} headers on every answer and 429
         * beyond it; off (0) by default.
         *
         * @param value requests per minute
         * @return this builder
         */
        public Builder rateLimitPerMinute(int value) {
            this.rateLimitPerMinute = value;
            return this;
        }

        /**
         * The role SCIM gives users it adds to a group (default 10, Guest).
         *
         * @param value the access level
         * @return this builder
         */
        public Builder defaultScimAccessLevel(int value) {
            this.defaultScimLevel = value;
            return this;
        }

        /**
         * Starts the fake.
         *
         * @return the running fake
         */
        public FakeGitLab start() {
            return new FakeGitLab(this);
        }
    }

}
