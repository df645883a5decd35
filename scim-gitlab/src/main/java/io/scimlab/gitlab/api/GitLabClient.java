package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A typed client for GitLab's REST v4 API, one view per resource ({@link #users()}, {@link #groups()},
 * {@link #members()}, {@link #projects()}, {@link #projectMembers()}, {@link #samlGroupLinks()},
 * {@link #serviceAccounts()}, {@link #accessTokens()}, {@link #auditEvents()}, {@link #memberRoles()}), its
 * {@link #version()} and GitLab's SCIM API ({@link #scim(ScimScope)}), all sharing one transport.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()} and share it. Every request is paced by a token
 * bucket sized from the request budget and by GitLab's {@code RateLimit-*} headers, and member deletions by
 * GitLab's per-group limit ({@link Builder#memberDeletesPerMinute}). A 429 is waited out ({@code Retry-After},
 * else {@code RateLimit-Reset}, else exponential backoff with jitter) and retried; a 429 of GitLab's request
 * throttle holds back every request of the client, one of a per-endpoint limit only that endpoint's. A wait
 * longer than {@link RetryPolicy#maxRateLimitSleep()} fails at once with {@code retryAfter} instead. A 401 counts
 * as a refused token only when GitLab says so or {@code GET /user} with the same token is refused too. GET, PUT
 * and DELETE are retried with exponential backoff and jitter after 5xx, timeouts and connection failures. POSTs that
 * create something are retried only after the client has checked that the failed attempt left nothing behind; each such
 * method says how it checks. Lists are lazy {@link java.util.stream.Stream}s that hold one page (100 items) at a time;
 * close them (or use try-with-resources) when not consumed to the end. {@link GitLabCallListener}s see every request.
 *
 * <p>The token only ever goes into the request header: it is absent from {@link #toString()}, from every
 * {@link GitLabException}, every {@link GitLabCall} and from anything this client logs.
 */
public final class GitLabClient implements AutoCloseable {
    private final Builder settings;
    private final HttpUrl baseUrl;
    private final Transport transport;
    private final boolean ownsHttpClient;
    private final UsersApi users;
    private final GroupsApi groups;
    private final MembersApi members;
    private final ProjectsApi projects;
    private final ProjectMembersApi projectMembers;
    private final SamlGroupLinksApi samlGroupLinks;
    private final ServiceAccountsApi serviceAccounts;
    private final AccessTokensApi accessTokens;
    private final AuditEventsApi auditEvents;
    private final MemberRolesApi memberRoles;
    private final Rest rest;

    private GitLabClient(Builder b, Supplier<String> token, HttpUrl baseUrl) {
        this.settings = b.copy();
        this.baseUrl = baseUrl;
        OkHttpClient http;
        if (b.shared != null) {
            // Derived by newBuilder(): the original's OkHttp client, so the same pool and dispatcher.
            http = b.shared.http();
            this.ownsHttpClient = false;
        } else {
            OkHttpClient base = b.httpClient != null ? b.httpClient : new OkHttpClient();
            this.ownsHttpClient = b.httpClient == null;
            // newBuilder() shares the embedding application's connection pool and dispatcher.
            http = base.newBuilder().connectTimeout(b.connectTimeout).readTimeout(b.readTimeout)
                    .writeTimeout(b.readTimeout).callTimeout(b.callTimeout).followRedirects(false)
                    .retryOnConnectionFailure(false).build();
            // retryOnConnectionFailure(false): OkHttp would otherwise silently replay POSTs on a stale connection,
            // which defeats the confirm-before-retry rule for non-idempotent requests.
        }
        Pacer pacer = b.shared != null && b.sharePacing ? b.shared.pacer()
                : new Pacer(b.requestsPerMinute, b.memberDeletesPerMinute, b.clock);
        AtomicReference<Transport.@Nullable Refusal> refusal = b.shared != null ? b.shared.refusal()
                : new AtomicReference<>();
        this.transport = new Transport(http, b.tokenHeader, token, b.refusedPause, refusal, b.retryPolicy, pacer,
                b.sleeper, b.clock, new ObjectMapper(), b.listeners);
        Rest rest = new Rest(transport, baseUrl);
        this.rest = rest;
        this.users = new UsersApi(rest);
        this.groups = new GroupsApi(rest);
        this.members = new MembersApi(rest);
        this.projects = new ProjectsApi(rest);
        this.projectMembers = new ProjectMembersApi(rest);
        this.samlGroupLinks = new SamlGroupLinksApi(rest);
        this.serviceAccounts = new ServiceAccountsApi(rest);
        this.accessTokens = new AccessTokensApi(rest);
        this.auditEvents = new AuditEventsApi(rest);
        this.memberRoles = new MemberRolesApi(rest);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this client's settings whose {@link Builder#build()} shares this client's OkHttp client
     * (connection pool, dispatcher), request pacing and refused-token state: for a second view of the same client
     * with more {@link Builder#addCallListener listeners}, OkHttp's {@code newBuilder()} model. Changing the
     * timeouts or the OkHttp client on it has no effect; changing the budget or clock gives the new client its own
     * pacing. Closing the new client releases nothing: close this one.
     *
     * @return the builder
     */
    public Builder newBuilder() {
        Builder b = settings.copy();
        b.shared = transport;
        b.sharePacing = true;
        return b;
    }

    /**
     * The GitLab base URL (without {@code /api/v4}).
     *
     * @return the URL
     */
    public String baseUrl() {
        return baseUrl.toString();
    }

    /**
     * The retry policy this client was built with.
     *
     * @return the policy
     */
    public RetryPolicy retryPolicy() {
        return settings.retryPolicy;
    }

    /**
     * GitLab's version and edition ({@code GET /version}; any valid token). The bridge gates what GitLab added
     * over time on it, see {@link GitLabVersion}.
     *
     * @return the version
     */
    public GitLabVersion version() {
        return GitLabJson.version(rest.get(rest.url("version").build()));
    }

    /**
     * Users: list, find, create, update, block, deactivate, delete.
     *
     * @return the view
     */
    public UsersApi users() {
        return users;
    }

    /**
     * Groups and subgroups.
     *
     * @return the view
     */
    public GroupsApi groups() {
        return groups;
    }

    /**
     * Group memberships.
     *
     * @return the view
     */
    public MembersApi members() {
        return members;
    }

    /**
     * Projects.
     *
     * @return the view
     */
    public ProjectsApi projects() {
        return projects;
    }

    /**
     * Project memberships: the calls of {@link #members()} on projects.
     *
     * @return the view
     */
    public ProjectMembersApi projectMembers() {
        return projectMembers;
    }

    /**
     * SAML group links.
     *
     * @return the view
     */
    public SamlGroupLinksApi samlGroupLinks() {
        return samlGroupLinks;
    }

    /**
     * Group and instance service accounts.
     *
     * @return the view
     */
    public ServiceAccountsApi serviceAccounts() {
        return serviceAccounts;
    }

    /**
     * Personal, group and service-account access tokens.
     *
     * @return the view
     */
    public AccessTokensApi accessTokens() {
        return accessTokens;
    }

    /**
     * GitLab's own audit events.
     *
     * @return the view
     */
    public AuditEventsApi auditEvents() {
        return auditEvents;
    }

    /**
     * Custom roles.
     *
     * @return the view
     */
    public MemberRolesApi memberRoles() {
        return memberRoles;
    }

    /**
     * GitLab's own SCIM API at group or instance level. Build this client with the SCIM token and
     * {@link TokenHeader#BEARER}.
     *
     * @param scope group or instance
     * @return the SCIM calls
     */
    public GitLabScim scim(ScimScope scope) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("api/scim/v2");
        if (scope instanceof ScimScope.Group g) {
            url.addPathSegment("groups").addPathSegment(Rest.segment(g.path()));
        } else {
            url.addPathSegment("application");
        }
        return new GitLabScim(transport, url.addPathSegment("Users").build());
    }

    @Override
    public String toString() {
        return "GitLabClient[baseUrl=" + baseUrl + ", tokenHeader=" + settings.tokenHeader + ", token=****]";
    }

    /** Releases the connections and threads of the OkHttp client when this client created it. */
    @Override
    public void close() {
        if (ownsHttpClient) {
            transport.http().dispatcher().executorService().shutdown();
            transport.http().connectionPool().evictAll();
        }
    }

    /**
     * Configures a {@link GitLabClient}. Not thread-safe; {@link #toString()} never shows the token.
     */
    public static final class Builder {
        private @Nullable String baseUrl;
        private @Nullable String token;
        private @Nullable Supplier<String> tokenSupplier;
        private Duration refusedPause = Duration.ofSeconds(30);
        private TokenHeader tokenHeader = TokenHeader.PRIVATE_TOKEN;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofSeconds(60);
        private int requestsPerMinute = 2_000;
        private int memberDeletesPerMinute = 60;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private @Nullable OkHttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private List<GitLabCallListener> listeners = new ArrayList<>();
        // Set by GitLabClient.newBuilder(): the transport whose OkHttp client, pacer and refusal state to share.
        private @Nullable Transport shared;
        private boolean sharePacing;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.baseUrl = baseUrl;
            b.token = token;
            b.tokenSupplier = tokenSupplier;
            b.refusedPause = refusedPause;
            b.tokenHeader = tokenHeader;
            b.connectTimeout = connectTimeout;
            b.readTimeout = readTimeout;
            b.callTimeout = callTimeout;
            b.requestsPerMinute = requestsPerMinute;
            b.memberDeletesPerMinute = memberDeletesPerMinute;
            b.retryPolicy = retryPolicy;
            b.httpClient = httpClient;
            b.clock = clock;
            b.sleeper = sleeper;
            b.listeners = new ArrayList<>(listeners);
            b.shared = shared;
            b.sharePacing = sharePacing;
            return b;
        }

        /**
         * The GitLab base URL, e.g. {@code https://gitlab.example.com} (without {@code /api/v4}).
         *
         * @param value the URL
         * @return this builder
         */
        public Builder baseUrl(String value) {
            this.baseUrl = Objects.requireNonNull(value, "baseUrl");
            return this;
        }

        /**
         * The token. Surrounding whitespace (a secret file's trailing LF or CRLF) and a leading byte order mark are
         * removed ({@link TokenValues#clean}).
         *
         * @param value the token
         * @return this builder
         * @throws IllegalArgumentException when the token is empty or has a control character, whitespace or a
         *                                  non-ASCII character inside (the message never contains the value)
         */
        public Builder token(String value) {
            this.token = TokenValues.clean(value);
            this.tokenSupplier = null;
            return this;
        }

        /**
         * Where the token comes from instead of a fixed {@link #token(String)}: asked before every request, so a
         * rotated token takes effect with the next request and requests in flight finish with the one they read.
         * A {@link TokenSource} also hears about 401s and may supply a fresher value, which is tried once. Each value
         * is cleaned like {@link #token(String)}'s; a value that cannot be cleaned fails the request with
         * {@link GitLabException.Kind#UNAUTHORIZED} (and never appears in the error).
         *
         * @param value the supplier (for example {@code io.scimlab.gitlab.token.TokenRotator#tokenSource()})
         * @return this builder
         */
        public Builder tokenSupplier(Supplier<String> value) {
            this.tokenSupplier = Objects.requireNonNull(value, "tokenSupplier");
            this.token = null;
            return this;
        }

        /**
         * How long a token GitLab refused (401: revoked or expired) is not sent again (default 30 seconds);
         * requests meanwhile fail at once with {@link GitLabException.Kind#UNAUTHORIZED}. A different token from
         * the {@link #tokenSupplier supplier} is sent at once.
         *
         * @param value the pause, zero to send every request
         * @return this builder
         */
        public Builder refusedTokenPause(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("refusedTokenPause must not be negative");
            }
            this.refusedPause = value;
            return this;
        }

        /**
         * Which header carries the token (default {@link TokenHeader#PRIVATE_TOKEN}; GitLab's SCIM tokens and OAuth
         * tokens need {@link TokenHeader#BEARER}).
         *
         * @param value the header
         * @return this builder
         */
        public Builder tokenHeader(TokenHeader value) {
            this.tokenHeader = Objects.requireNonNull(value, "tokenHeader");
            return this;
        }

        /**
         * Adds a listener that sees every request of the client (after those added before).
         *
         * @param value the listener
         * @return this builder
         */
        public Builder addCallListener(GitLabCallListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * The connect timeout (default 10 s).
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /**
         * The read and write timeout (default 30 s).
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder readTimeout(Duration value) {
            this.readTimeout = Objects.requireNonNull(value, "readTimeout");
            return this;
        }

        /**
         * The timeout of one whole HTTP exchange (default 60 s).
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder callTimeout(Duration value) {
            this.callTimeout = Objects.requireNonNull(value, "callTimeout");
            return this;
        }

        /**
         * The request budget per minute (default 2,000, GitLab.com's authenticated limit); 0 turns pacing off.
         *
         * @param value requests per minute
         * @return this builder
         */
        public Builder requestsPerMinute(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("requestsPerMinute must not be negative");
            }
            this.requestsPerMinute = value;
            this.sharePacing = false;
            return this;
        }

        /**
         * How many member deletions per group (or project) the client sends in any minute (default 60, GitLab's
         * {@code members_delete_limit} default; 0 turns this pacing off). GitLab refuses more with 429 and,
         * before 18.6, without saying when to retry; pacing ahead keeps a large offboarding running at the limit.
         * Set it to the instance's setting when an administrator changed it.
         *
         * @param value deletions per group and minute
         * @return this builder
         */
        public Builder memberDeletesPerMinute(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("memberDeletesPerMinute must not be negative");
            }
            this.memberDeletesPerMinute = value;
            this.sharePacing = false;
            return this;
        }

        /**
         * The retry policy (default {@link RetryPolicy#defaults()}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /**
         * An OkHttp client to share (its pool, dispatcher and interceptors); the timeouts of this builder are
         * applied to a derived client.
         *
         * @param value the client
         * @return this builder
         */
        public Builder httpClient(OkHttpClient value) {
            this.httpClient = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /**
         * The clock for rate-limit resets and pacing (tests use a fake one).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            this.sharePacing = false;
            return this;
        }

        /** How the client waits: a test seam (tests use one that only advances their clock). */
        Builder sleeper(Sleeper value) {
            this.sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws IllegalStateException when the base URL or token is missing or the URL is invalid
         */
        public GitLabClient build() {
            if (baseUrl == null || (token == null && tokenSupplier == null)) {
                throw new IllegalStateException("baseUrl and token are required");
            }
            HttpUrl parsed = HttpUrl.parse(baseUrl);
            if (parsed == null) {
                throw new IllegalStateException("invalid baseUrl");
            }
            // User info (https://oauth2:glpat-...@host) is never sent by OkHttp; dropping it keeps a token written
            // into the URL out of baseUrl(), toString() and everything that prints them.
            String fixed = token;
            return new GitLabClient(this, tokenSupplier != null ? new CheckedTokenSource(tokenSupplier) : () -> fixed,
                    parsed.newBuilder().username("").password("").build());
        }

        @Override
        public String toString() {
            HttpUrl parsed = baseUrl == null ? null : HttpUrl.parse(baseUrl);
            String url = baseUrl == null ? "unset" : parsed == null ? "(invalid)"
                    : parsed.newBuilder().username("").password("").build().toString();
            return "GitLabClient.Builder[baseUrl=" + url + ", tokenHeader=" + tokenHeader + ", token="
                    + (token == null ? tokenSupplier == null ? "unset" : "supplied" : "****") + ", requestsPerMinute="
                    + requestsPerMinute + "]";
        }
    }
}
